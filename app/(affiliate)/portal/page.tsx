import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PortalAuthFrame } from "@/components/affiliate/portal-auth-frame";
import { PortalCommissionsTable } from "@/components/affiliate/portal-commissions-table";
import { PortalStats } from "@/components/affiliate/portal-stats";
import { ReferralLinkCard } from "@/components/affiliate/referral-link-card";
import { CopyButton } from "@/components/shared/copy-button";
import { LoginForm } from "@/components/shared/login-form";
import { TestBadge } from "@/components/shared/status-pill";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import { currentSession, portalAffiliate } from "@/lib/auth/session";
import { describePlan } from "@/lib/commissions/describe";
import { effectivePlan } from "@/lib/commissions/plan";
import { env } from "@/lib/env";
import { displayName, formatMoney } from "@/lib/format";
import { portalCommissions, portalEarnings, portalProgram, portalStats } from "@/lib/portal/data";
import { getQueryClient } from "@/lib/query-client";
import { portalKeys } from "@/lib/query-keys";
import { DEFAULT_AFFILIATE_PARAM } from "@/lib/tracking/settings";

export const metadata = { title: "Affiliate portal" };

/** Sign-in page for affiliates when signed out; their portal home when signed in. */
export default async function PortalPage({
  searchParams,
}: {
  searchParams: Promise<{ program?: string; reset?: string }>;
}) {
  const session = await currentSession();
  if (session?.user.role === "merchant") redirect("/forbidden?area=portal");
  const ctx = await portalAffiliate();
  if (!ctx) {
    const { program, reset } = await searchParams;
    const forgot = program
      ? `/portal/forgot-password?program=${encodeURIComponent(program)}`
      : "/portal/forgot-password";
    return (
      <PortalAuthFrame>
        <h1 className="mb-6 text-lg font-semibold">Sign in to the affiliate portal</h1>
        {reset === "1" && (
          <div className="mb-4">
            <Alert tone="success">Your password was changed. Sign in with your new password.</Alert>
          </div>
        )}
        <LoginForm provider="affiliate" callbackUrl="/portal" program={program} />
        <p className="mt-4 text-sm">
          <Link className="font-medium text-brand-600 hover:underline" href={forgot}>
            Forgot password?
          </Link>
        </p>
        <p className="mt-6 text-sm text-slate-600">
          Running a program?{" "}
          <Link className="font-medium text-brand-600 hover:underline" href="/login">
            Merchant log in
          </Link>
        </p>
      </PortalAuthFrame>
    );
  }
  const db = await getDb();
  const [merchant, affiliate] = await Promise.all([
    portalProgram(db, ctx),
    findAffiliateForSession(db, ctx.merchantId, ctx.affiliateId),
  ]);
  if (!affiliate) redirect("/forbidden?area=portal");
  const effective = effectivePlan(merchant, affiliate);
  const plan = describePlan(effective, merchant.commissionCurrency);
  const name = displayName(affiliate);

  if (affiliate.status === "pending") {
    return (
      <div className="mx-auto max-w-2xl space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome, {name}</h1>
        <section role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-6">
          <h2 className="text-base font-semibold text-amber-900">Awaiting approval</h2>
          <p className="mt-1 text-sm text-amber-900">
            {merchant.name} reviews new affiliates. Once they approve you, your referral link and stats appear
            here.
          </p>
        </section>
        <Terms rate={plan.rate} terms={plan.terms} />
      </div>
    );
  }

  const queryClient = getQueryClient();
  const [earnings, recent] = await Promise.all([
    portalEarnings(db, ctx),
    portalCommissions(db, ctx, null, 5),
    queryClient.prefetchQuery({ queryKey: portalKeys.stats(30), queryFn: () => portalStats(db, ctx, 30) }),
  ]);
  const live = earnings.filter((e) => e.livemode);
  const test = earnings.filter((e) => !e.livemode);
  const siteUrl = merchant.siteUrl ?? env().APP_URL;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome, {name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            You earn {plan.rate} {effective.type === "flat" ? "per sale" : "of the sales you refer"}.
          </p>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <ReferralLinkCard
            siteUrl={siteUrl}
            param={merchant.affiliateParams[0] ?? DEFAULT_AFFILIATE_PARAM}
            code={affiliate.code}
          />
          <HydrationBoundary state={dehydrate(queryClient)}>
            <PortalStats initialDays={30} />
          </HydrationBoundary>
        </div>
        <div className="space-y-6">
          <section
            aria-labelledby="earnings-title"
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id="earnings-title" className="text-sm font-semibold text-slate-800">
              Earnings to date
            </h2>
            {live.length === 0 ? (
              <p
                className="mt-2 text-3xl font-semibold text-slate-900 tabular-nums"
                data-testid="portal-earnings"
              >
                {formatMoney(0, merchant.commissionCurrency ?? "usd")}
              </p>
            ) : (
              live.map((line) => (
                <div key={line.currency} className="mt-2">
                  <p
                    className="text-3xl font-semibold text-slate-900 tabular-nums"
                    data-testid="portal-earnings"
                  >
                    {formatMoney(line.total, line.currency)}
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {formatMoney(line.paid, line.currency)} paid · {formatMoney(line.due, line.currency)} due
                    · {formatMoney(line.pending, line.currency)} in hold
                  </p>
                </div>
              ))
            )}
            {test.map((line) => (
              <p key={line.currency} className="mt-3 text-xs text-slate-500">
                <TestBadge livemode={false} /> {formatMoney(line.total, line.currency)} from test sales (never
                paid out)
              </p>
            ))}
          </section>
          <section
            aria-labelledby="coupon-title"
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id="coupon-title" className="text-sm font-semibold text-slate-800">
              Your coupon code
            </h2>
            {affiliate.couponCode ? (
              <>
                <div className="mt-2 flex items-center gap-2">
                  <code
                    data-testid="portal-coupon-code"
                    className="rounded-md border border-dashed border-brand-500 bg-brand-50 px-3 py-1.5 font-mono text-lg font-semibold tracking-wider text-brand-700"
                  >
                    {affiliate.couponCode}
                  </code>
                  <CopyButton value={affiliate.couponCode} label="Copy code" />
                </div>
                <p className="mt-2 text-sm text-slate-600">
                  Customers who enter it at checkout get a discount, and the sale is credited to you.
                </p>
              </>
            ) : (
              <p className="mt-2 text-sm text-slate-600">
                No coupon code yet. {merchant.name} can give you one; it will appear here.
              </p>
            )}
          </section>
          <Terms rate={plan.rate} terms={plan.terms} />
        </div>
      </div>

      <section aria-labelledby="recent-title">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="recent-title" className="text-sm font-semibold text-slate-800">
            Recent commissions
          </h2>
          <Link className="text-sm text-brand-600 hover:underline" href="/portal/commissions">
            See all
          </Link>
        </div>
        {recent.items.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No commissions yet. They appear here as soon as someone you referred buys.
          </div>
        ) : (
          <PortalCommissionsTable items={recent.items} />
        )}
      </section>
    </div>
  );
}

function Terms({ rate, terms }: { rate: string; terms: string[] }) {
  return (
    <section
      aria-labelledby="terms-title"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="terms-title" className="text-sm font-semibold text-slate-800">
        Your commission: {rate}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600">
        {terms.map((term) => (
          <li key={term}>{term}</li>
        ))}
      </ul>
    </section>
  );
}
