"use client";

import Link from "next/link";
import { PagerButtons } from "@/components/shared/pager-buttons";
import { StatusPill, TestBadge } from "@/components/shared/status-pill";
import { useCursorPages } from "@/components/shared/use-cursor-pages";
import { Alert, Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatMoney } from "@/lib/format";
import { dashboardKeys } from "@/lib/query-keys";

interface PurchaseRow {
  id: string;
  email: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  attribution: string | null;
  selfReferral: boolean;
  /** Why the purchase earned no commission, when the plan could not pay for it. */
  commissionNote: string | null;
  livemode: boolean;
  createdAt: string;
}

const ATTRIBUTION: Record<string, string> = {
  tracking: "Referral link",
  coupon: "Coupon code",
  email: "Lead email",
  customer: "Returning customer",
};

/** The purchases an affiliate referred, newest first. */
export function AffiliatePurchases({ affiliateId }: { affiliateId: string }) {
  const { query, ...pager } = useCursorPages<PurchaseRow>(
    `/api/dashboard/affiliates/${affiliateId}/purchases`,
    (cursor) => dashboardKeys.affiliatePurchases(affiliateId, cursor),
  );
  const items = query.data?.items ?? [];
  return (
    <Card title="Purchases">
      {query.isError ? (
        <Alert tone="error">Purchases could not be loaded: {query.error.message}</Alert>
      ) : query.isPending ? (
        <p className="text-sm text-slate-500">Loading purchases…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-500">No purchases referred yet.</p>
      ) : (
        <>
          <Table
            label="Affiliate purchases"
            head={
              <>
                <Th>Date</Th>
                <Th>Customer</Th>
                <Th className="text-right">Amount</Th>
                <Th>Status</Th>
                <Th>Credited by</Th>
              </>
            }
          >
            {items.map((p) => (
              <tr key={p.id}>
                <Td className="whitespace-nowrap">
                  <Link className="text-brand-600 hover:underline" href={`/dashboard/purchases/${p.id}`}>
                    {formatDateTime(p.createdAt)}
                  </Link>
                </Td>
                <Td>
                  {p.email ?? <span className="text-slate-400">—</span>}
                  {p.selfReferral && <span className="ml-1.5 text-xs text-red-700">(self-referral)</span>}
                </Td>
                <Td className="text-right tabular-nums">
                  {formatMoney(p.amount, p.currency)}
                  {p.amountRefunded > 0 && (
                    <span className="block text-xs text-slate-500">
                      −{formatMoney(p.amountRefunded, p.currency)} refunded
                    </span>
                  )}
                </Td>
                <Td>
                  <StatusPill kind="purchase" status={p.status} />
                  <TestBadge livemode={p.livemode} />
                </Td>
                <Td>
                  {p.attribution ? ATTRIBUTION[p.attribution] : "—"}
                  {p.commissionNote && (
                    <span className="block text-xs text-slate-500">{p.commissionNote}</span>
                  )}
                </Td>
              </tr>
            ))}
          </Table>
          <PagerButtons label="Purchases pages" busy={query.isFetching} pager={pager} />
        </>
      )}
    </Card>
  );
}
