import { AffiliateInviteLink } from "@/components/merchant/affiliate-invite-link";
import { AffiliateStatusBadge } from "@/components/merchant/affiliate-status-badge";
import { AffiliateStatusButtons } from "@/components/merchant/affiliate-status-button";
import { TestBadge } from "@/components/shared/status-pill";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { affiliateEarnings } from "@/db/queries/affiliate-ledger";
import { affiliateStats } from "@/db/queries/reports";
import type { Affiliate } from "@/db/schema";
import { displayName, formatCount, formatMoney } from "@/lib/format";

/**
 * The top of an affiliate's page: their status with what the merchant can do about it, what
 * they have earned to date, and the sales they brought (each mode and currency on its own line).
 */
export async function AffiliateProgramSummary({ affiliate }: { affiliate: Affiliate }) {
  const db = await getDb();
  const scope = { merchantId: affiliate.merchantId, affiliateId: affiliate.id };
  const [earnings, stats] = await Promise.all([
    affiliateEarnings(db, scope),
    affiliateStats(db, affiliate.merchantId, [affiliate.id]).then((s) => s.get(affiliate.id)!),
  ]);
  const sales = stats.money.filter((m) => m.purchases || m.revenue);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card title="Status">
        <div className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <AffiliateStatusBadge status={affiliate.status} />
            <AffiliateStatusButtons
              affiliateId={affiliate.id}
              name={displayName(affiliate)}
              status={affiliate.status}
            />
          </div>
          {affiliate.status === "pending" && (
            <p className="text-sm text-slate-600">
              Waiting for your approval: their links earn nothing until then.
            </p>
          )}
          {!affiliate.passwordHash && affiliate.status !== "inactive" && (
            <AffiliateInviteLink affiliateId={affiliate.id} />
          )}
        </div>
      </Card>
      <Card title="Earnings to date">
        {earnings.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="affiliate-earnings">
            Nothing earned yet.
          </p>
        ) : (
          <dl className="space-y-4" data-testid="affiliate-earnings">
            {earnings.map((line) => (
              <div key={`${line.livemode}${line.currency}`}>
                <dt className="sr-only">
                  {line.currency.toUpperCase()} {line.livemode ? "" : "(test mode)"}
                </dt>
                <dd>
                  <p className="text-2xl font-semibold text-slate-900 tabular-nums">
                    {formatMoney(line.total, line.currency)}
                    <TestBadge livemode={line.livemode} />
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {formatMoney(line.paid, line.currency)} paid · {formatMoney(line.due, line.currency)} due
                    · {formatMoney(line.pending, line.currency)} in hold
                    {line.onHold ? ` · ${formatMoney(line.onHold, line.currency)} disputed` : ""}
                  </p>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
      <Card title="Sales referred">
        {sales.length === 0 ? (
          <p className="text-sm text-slate-500">None yet.</p>
        ) : (
          <dl className="space-y-3">
            {sales.map((m) => (
              <div key={`${m.livemode}${m.currency}`}>
                <dt className="text-2xl font-semibold text-slate-900 tabular-nums">
                  {formatMoney(m.revenue, m.currency)}
                  <TestBadge livemode={m.livemode} />
                </dt>
                <dd className="mt-1 text-xs text-slate-500">
                  kept from {formatCount(m.purchases)} purchase{m.purchases === 1 ? "" : "s"} (after refunds)
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
    </div>
  );
}
