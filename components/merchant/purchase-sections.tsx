import Link from "next/link";
import type { ReactNode } from "react";
import { AffiliateLink } from "@/components/merchant/affiliate-link";
import { StatusPill, TestBadge } from "@/components/shared/status-pill";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { PurchaseDetail } from "@/db/queries/purchase-detail";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { Explanation } from "@/lib/sales/explain";

/** The sections of a purchase's page: the sale, how its commission came to be, and what changed it. */

const ATTRIBUTION: Record<string, string> = {
  tracking: "Tracking id",
  coupon: "Coupon code",
  email: "Lead email",
  customer: "Returning customer",
};

const PAYMENT: Record<string, string> = {
  paid: "Paid",
  awaiting: "Awaiting payment (invoice past due)",
  failed: "Failed: will not be paid",
};

const STRIPE_IDS: [keyof Explanation["stripe"], string][] = [
  ["charge", "Charge"],
  ["paymentIntent", "Payment intent"],
  ["checkoutSession", "Checkout Session"],
  ["invoice", "Invoice"],
  ["subscription", "Subscription"],
  ["customer", "Customer"],
];

function Field({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? "col-span-2" : undefined}>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}

/** Ids wrap anywhere in the summaries and never inside a table cell (tables scroll instead). */
export const StripeId = ({ id, wrap = false }: { id: string; wrap?: boolean }) => (
  <span className={`font-mono text-xs ${wrap ? "break-all" : "whitespace-nowrap"}`}>{id}</span>
);

export function SaleSection({ detail, explanation }: { detail: PurchaseDetail; explanation: Explanation }) {
  const { purchase: p, affiliate } = detail;
  const money = (n: number) => formatMoney(n, p.currency);
  const ids = STRIPE_IDS.filter(([key]) => explanation.stripe[key]);
  // The key the purchase is recorded under, when no Stripe object above names it already.
  const keyShown = ids.some(([key]) => explanation.stripe[key] === p.stripeId);
  return (
    <Card title="Sale">
      <dl className="grid grid-cols-2 gap-4 text-sm lg:grid-cols-4">
        <Field label="Amount (the base)">
          <span className="font-medium tabular-nums">{money(p.amount)}</span>
          {explanation.tax !== 0 && (
            <span className="block text-xs text-slate-500">
              {money(explanation.chargedAmount)} charged, {money(explanation.tax)} tax
            </span>
          )}
          {p.amountRefunded > 0 && (
            <span className="block text-xs text-slate-500">{money(p.amountRefunded)} refunded</span>
          )}
        </Field>
        <Field label="Status">
          <StatusPill kind="purchase" status={p.status} />
          <TestBadge livemode={p.livemode} />
          {p.paymentStatus !== "paid" && (
            <span className="block text-xs text-slate-500">{PAYMENT[p.paymentStatus]}</span>
          )}
          {p.disputeStatus && <span className="block text-xs text-slate-500">Dispute {p.disputeStatus}</span>}
        </Field>
        <Field label="Affiliate">
          <AffiliateLink id={p.affiliateId} affiliate={affiliate} />
          {p.selfReferral && <span className="block text-xs text-red-700">Self-referral: no commission</span>}
        </Field>
        <Field label="Attributed by">{p.attribution ? ATTRIBUTION[p.attribution] : "—"}</Field>
        <Field label="Customer" wide>
          {p.email ? (
            <span className="break-all">{p.email}</span>
          ) : (
            <span className="text-slate-400">Unknown</span>
          )}
        </Field>
        <Field label="Date">{formatDateTime(p.createdAt)}</Field>
        <Field label="Recorded from">
          <span className="capitalize">{p.source.replaceAll("_", " ")}</span>
          {!keyShown && (
            <span className="block">
              <StripeId id={p.stripeId} wrap />
            </span>
          )}
        </Field>
      </dl>
      {ids.length > 0 && (
        <>
          <h3 className="mt-6 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            Stripe objects
          </h3>
          <dl className="mt-2 grid grid-cols-2 gap-4 text-sm lg:grid-cols-3">
            {ids.map(([key, label]) => (
              <Field key={key} label={label}>
                <StripeId id={explanation.stripe[key]!} wrap />
              </Field>
            ))}
          </dl>
        </>
      )}
    </Card>
  );
}

export function CommissionSection({ explanation: e }: { explanation: Explanation }) {
  const money = (n: number) => formatMoney(n, e.currency);
  const sale = e.commissions.find((c) => c.kind === "sale");
  return (
    <Card title="Commission">
      <dl className="grid grid-cols-2 gap-4 text-sm lg:grid-cols-4">
        <Field label="Rule">{e.rule.description}</Field>
        <Field label="Figure">
          <span data-testid="commission-figure" className="font-medium tabular-nums">
            {money(e.commission.amount)}
          </span>
        </Field>
        <Field label="Net base">
          <span className="tabular-nums">{money(e.netBase)}</span>
          <span className="block text-xs text-slate-500">
            {money(e.kept)} kept of {money(e.chargedAmount)} charged
          </span>
        </Field>
        <Field label="Status">
          {sale ? (
            <>
              <StatusPill kind="commission" status={sale.status} />
              <span className="block text-xs text-slate-500">{sale.statusText}</span>
            </>
          ) : (
            "No commission"
          )}
        </Field>
      </dl>
      {e.rule.type !== "none" && (
        <div className="mt-5 space-y-1 rounded-md bg-slate-50 px-4 py-3 text-sm">
          <p className="font-mono text-slate-900" data-testid="commission-formula">
            {e.commission.formula}
          </p>
          <p className="text-slate-600">{e.commission.description}</p>
        </div>
      )}
      {e.commissions.length > 0 && (
        <div className="mt-5">
          <Table
            label="Commission rows"
            head={
              <>
                <Th>Kind</Th>
                <Th className="text-right">Amount</Th>
                <Th>Status</Th>
                <Th>Payout</Th>
                <Th>Due</Th>
              </>
            }
          >
            {e.commissions.map((c) => (
              <tr key={c.id}>
                <Td className="capitalize">{c.kind}</Td>
                <Td className={`text-right tabular-nums ${c.amount < 0 ? "text-red-700" : ""}`}>
                  {money(c.amount)}
                </Td>
                <Td>{c.statusText}</Td>
                <Td>
                  {c.payoutId ? (
                    <Link
                      className="text-brand-600 hover:underline"
                      href={`/dashboard/payouts/${c.payoutId}`}
                    >
                      <StripeId id={c.payoutId} />
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap">{c.dueAt ? formatDateTime(c.dueAt) : "—"}</Td>
              </tr>
            ))}
          </Table>
          {e.commissions.length > 1 && (
            <p className="mt-2 text-xs text-slate-500">
              Together the rows count {money(e.commission.net)} for the affiliate.
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
