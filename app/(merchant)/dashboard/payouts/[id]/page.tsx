import Link from "next/link";
import { notFound } from "next/navigation";
import { AffiliateLink } from "@/components/merchant/affiliate-link";
import { PayoutActions } from "@/components/merchant/payout-actions";
import { CarriedOverNotice, PayoutStatus } from "@/components/merchant/payout-status";
import { Writable } from "@/components/merchant/role-context";
import { TestBadge } from "@/components/shared/status-pill";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { requireMerchant } from "@/lib/auth/session";
import { formatCount, formatDateTime, formatMoney } from "@/lib/format";
import { payoutDetail } from "@/lib/payouts/detail";

export const metadata = { title: "Payout" };

const COMMISSION_STATUS: Record<string, string> = {
  due: "Due",
  paid: "Paid",
  cancelled: "Cancelled: not paid with this batch",
  on_hold: "On hold (dispute): not paid with this batch",
  pending: "Pending: not paid with this batch",
};

export default async function PayoutPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ carried?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const { id } = await params;
  const detail = await payoutDetail(await getDb(), merchantId, id);
  if (!detail) notFound();
  const { payout, lines, commissions, total } = detail;
  const payable = lines.filter((l) => !l.carriesOver);
  const carried = Number((await searchParams).carried) || 0;
  return (
    <>
      <Link className="text-sm text-brand-600 hover:underline" href="/dashboard/payouts">
        ← Payouts
      </Link>
      <PageHeader
        title={`Payout of ${formatMoney(total, payout.currency)}`}
        description={`${payout.currency.toUpperCase()} batch ${payout.id}, created ${formatDateTime(payout.createdAt)}.`}
      />
      <CarriedOverNotice count={carried} />
      <div className="space-y-6">
        <Card title="Summary">
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd className="mt-1">
                <PayoutStatus status={payout.status} />
                <TestBadge livemode={payout.livemode} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Total</dt>
              <dd data-testid="payout-total" className="mt-1 font-medium tabular-nums">
                {formatMoney(total, payout.currency)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Affiliates</dt>
              <dd className="mt-1 tabular-nums">{formatCount(payable.length)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Paid</dt>
              <dd className="mt-1">{payout.paidAt ? formatDateTime(payout.paidAt) : "Not yet"}</dd>
            </div>
          </dl>
          <div className="mt-5">
            <Writable>
              <PayoutActions
                payoutId={payout.id}
                status={payout.status}
                total={formatMoney(total, payout.currency)}
                affiliates={payable.length}
              />
            </Writable>
          </div>
          {!payout.livemode && (
            <div className="mt-4">
              <Alert tone="warning">
                This batch holds Stripe test-mode commissions: no real money was earned.
              </Alert>
            </div>
          )}
          {payout.status === "discarded" && (
            <div className="mt-4">
              <Alert tone="info">This payout was discarded; its commissions went back to the due list.</Alert>
            </div>
          )}
        </Card>
        {payout.status !== "discarded" && (
          <section className="space-y-2">
            <h2 className="text-sm font-semibold text-slate-800">Recipients (one line each in the CSV)</h2>
            <Table
              label="Recipients"
              head={
                <>
                  <Th>Affiliate</Th>
                  <Th>PayPal email</Th>
                  <Th className="text-right">Commissions</Th>
                  <Th className="text-right">Amount</Th>
                </>
              }
            >
              {lines.map((line) => (
                <tr key={line.affiliateId}>
                  <Td>
                    <AffiliateLink
                      id={line.affiliateId}
                      affiliate={{ code: line.code, firstName: line.name, lastName: null, email: line.email }}
                    />
                  </Td>
                  <Td>{line.email}</Td>
                  <Td className="text-right tabular-nums">{formatCount(line.commissionCount)}</Td>
                  <Td className="text-right tabular-nums">
                    {formatMoney(line.amount, payout.currency)}
                    {line.carriesOver && (
                      <span className="block text-xs text-amber-800">Not paid: carries over (net ≤ 0)</span>
                    )}
                  </Td>
                </tr>
              ))}
            </Table>
          </section>
        )}
        {commissions.length > 0 && (
          <section className="space-y-2">
            <h2 className="text-sm font-semibold text-slate-800">Commissions in this payout</h2>
            <Table
              label="Commissions in this payout"
              head={
                <>
                  <Th>Affiliate</Th>
                  <Th>Kind</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Amount</Th>
                  <Th>Created</Th>
                </>
              }
            >
              {commissions.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <AffiliateLink id={c.affiliateId} affiliate={c.affiliate} />
                  </Td>
                  <Td className="capitalize">{c.kind}</Td>
                  <Td>{COMMISSION_STATUS[c.status] ?? c.status}</Td>
                  <Td className={`text-right tabular-nums ${c.amount < 0 ? "text-red-700" : ""}`}>
                    {formatMoney(c.amount, c.currency)}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</Td>
                </tr>
              ))}
            </Table>
          </section>
        )}
      </div>
    </>
  );
}
