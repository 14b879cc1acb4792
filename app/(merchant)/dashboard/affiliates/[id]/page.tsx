import Link from "next/link";
import { notFound } from "next/navigation";
import { AffiliateCouponCard } from "@/components/merchant/affiliate-coupon-card";
import { AffiliateProgramSummary } from "@/components/merchant/affiliate-program-summary";
import { AffiliateSalesSections } from "@/components/merchant/affiliate-sales-sections";
import { Writable } from "@/components/merchant/role-context";
import { CopyButton } from "@/components/shared/copy-button";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { affiliateActivity, getAffiliate } from "@/db/queries/affiliates";
import { getMerchant } from "@/db/queries/merchants";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { referralLink } from "@/lib/affiliates/create";
import { requireMerchant } from "@/lib/auth/session";
import { couponStateOf } from "@/lib/coupons/progress";
import { env } from "@/lib/env";
import { displayName, formatCount, formatDateTime } from "@/lib/format";
import { DEFAULT_AFFILIATE_PARAM } from "@/lib/tracking/settings";

export const metadata = { title: "Affiliate" };

export default async function AffiliatePage({ params }: { params: Promise<{ id: string }> }) {
  const { merchantId } = await requireMerchant();
  const { id } = await params;
  const db = await getDb();
  // Scoped by merchant: another merchant's affiliate id is simply not found.
  const [affiliate, merchant, connection] = await Promise.all([
    getAffiliate(db, merchantId, id),
    getMerchant(db, merchantId),
    activeConnectionForMerchant(db, merchantId),
  ]);
  if (!affiliate || !merchant) notFound();
  const activity = (await affiliateActivity(db, merchantId, [affiliate.id])).get(affiliate.id)!;
  const link = referralLink(merchant.siteUrl ?? env().APP_URL, DEFAULT_AFFILIATE_PARAM, affiliate.code);
  const stats = [
    { label: "Visits", value: activity.visits },
    { label: "Leads", value: activity.leads },
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link className="text-brand-600 hover:underline" href="/dashboard/affiliates">
          ← Affiliates
        </Link>
      </p>
      <PageHeader title={displayName(affiliate)} description={affiliate.email} />
      <div className="space-y-6">
        <Writable>
          <AffiliateProgramSummary affiliate={affiliate} />
        </Writable>
        <Card title="Referral link">
          <div className="flex flex-wrap items-center gap-3">
            <code
              data-testid="referral-link"
              className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all"
            >
              {link}
            </code>
            <CopyButton value={link} label="Copy referral link" />
          </div>
          {!merchant.siteUrl && (
            <p className="mt-3 text-sm text-slate-600">
              Set your website URL in{" "}
              <Link className="text-brand-600 hover:underline" href="/dashboard/settings/tracking">
                Settings → Tracking
              </Link>{" "}
              so links point to your site.
            </p>
          )}
        </Card>
        <Writable>
          <AffiliateCouponCard
            affiliateId={affiliate.id}
            initial={couponStateOf(affiliate)}
            stripeConnected={connection !== null}
            autoSync={merchant.autoSyncCoupons}
          />
        </Writable>
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          {stats.map((s) => (
            <Card key={s.label}>
              <p className="text-sm text-slate-500">{s.label}</p>
              <p
                className="mt-1 text-2xl font-semibold tabular-nums"
                data-testid={`affiliate-${s.label.toLowerCase()}`}
              >
                {formatCount(s.value)}
              </p>
            </Card>
          ))}
        </div>
        <Card title="Details">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">Referral code</dt>
            <dd className="font-mono">{affiliate.code}</dd>
            <dt className="text-slate-500">Status</dt>
            <dd className="capitalize">{affiliate.status}</dd>
            <dt className="text-slate-500">Added</dt>
            <dd>{formatDateTime(affiliate.createdAt)}</dd>
          </dl>
        </Card>
        <AffiliateSalesSections affiliate={affiliate} merchant={merchant} />
      </div>
    </>
  );
}
