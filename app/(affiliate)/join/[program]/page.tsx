import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JoinForm } from "@/components/affiliate/join-form";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";
import { openInvitation } from "@/lib/affiliates/invitations";
import { describePlan } from "@/lib/commissions/describe";
import { effectivePlan } from "@/lib/commissions/plan";

type Props = { params: Promise<{ program: string }>; searchParams: Promise<{ invite?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const merchant = await findMerchantBySlug(await getDb(), (await params).program);
  return { title: merchant ? `Join ${merchant.name}'s affiliate program` : "Affiliate program" };
}

/** A merchant's public program page: who they are, what affiliates earn, and the sign-up form. */
export default async function JoinPage({ params, searchParams }: Props) {
  const { program } = await params;
  const { invite } = await searchParams;
  const db = await getDb();
  const merchant = await findMerchantBySlug(db, program);
  if (!merchant) notFound();
  const token = typeof invite === "string" ? invite : undefined;
  const invited = token ? await openInvitation(db, merchant.id, token) : null;
  const plan = describePlan(effectivePlan(merchant, invited), merchant.commissionCurrency);

  return (
    <main className="min-h-screen bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="mx-auto grid max-w-4xl gap-8 md:grid-cols-[1fr_1.1fr] md:items-start">
        <section className="pt-2">
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Affiliate program</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">{merchant.name}</h1>
          <p className="mt-3 text-slate-600">
            Recommend {merchant.name} to your audience and earn a commission on every sale you refer.
          </p>
          <div className="mt-6 rounded-xl border border-brand-100 bg-white p-5 shadow-sm">
            <p className="text-sm text-slate-500">You earn</p>
            <p className="text-4xl font-semibold text-slate-900" data-testid="commission-rate">
              {plan.rate}
            </p>
            <ul className="mt-3 space-y-1.5 text-sm text-slate-600">
              {plan.terms.map((term) => (
                <li key={term} className="flex gap-2">
                  <span aria-hidden className="text-brand-600">
                    ✓
                  </span>
                  {term}
                </li>
              ))}
              <li className="flex gap-2">
                <span aria-hidden className="text-brand-600">
                  ✓
                </span>
                Your own referral link and live stats in the affiliate portal.
              </li>
            </ul>
          </div>
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <h2 className="text-lg font-semibold text-slate-900">
            {invited ? "Accept your invitation" : "Create your affiliate account"}
          </h2>
          <p className="mt-1 mb-6 text-sm text-slate-600">
            {invited
              ? `${merchant.name} invited you. Choose a password to open your portal.`
              : merchant.autoApproveAffiliates
                ? "You can start sharing your link as soon as you have joined."
                : `${merchant.name} reviews new affiliates; you can sign in while you wait.`}
          </p>
          {token && !invited && (
            <div className="mb-6">
              <Alert tone="warning">
                This invitation link has expired or was already used. Ask {merchant.name} for a new one, or
                sign up below.
              </Alert>
            </div>
          )}
          <JoinForm
            program={merchant.slug}
            invite={
              invited && token
                ? { token, email: invited.email, firstName: invited.firstName, lastName: invited.lastName }
                : undefined
            }
          />
          <p className="mt-6 text-sm text-slate-600">
            Already an affiliate?{" "}
            <Link
              className="font-medium text-brand-600 hover:underline"
              href={`/portal?program=${merchant.slug}`}
            >
              Sign in
            </Link>
          </p>
        </section>
      </div>
    </main>
  );
}
