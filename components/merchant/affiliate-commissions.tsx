"use client";

import { PagerButtons } from "@/components/shared/pager-buttons";
import { StatusPill, TestBadge } from "@/components/shared/status-pill";
import { useCursorPages } from "@/components/shared/use-cursor-pages";
import { Alert, Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatMoney } from "@/lib/format";
import { dashboardKeys } from "@/lib/query-keys";

interface CommissionRow {
  id: string;
  amount: number;
  currency: string;
  status: string;
  kind: "sale" | "clawback";
  livemode: boolean;
  dueAt: string | null;
  createdAt: string;
  saleAmount: number | null;
  saleCurrency: string | null;
}

/** The commissions an affiliate earned (and clawbacks), newest first. */
export function AffiliateCommissions({ affiliateId }: { affiliateId: string }) {
  const { query, ...pager } = useCursorPages<CommissionRow>(
    `/api/dashboard/affiliates/${affiliateId}/commissions`,
    (cursor) => dashboardKeys.affiliateCommissions(affiliateId, cursor),
  );
  const items = query.data?.items ?? [];
  return (
    <Card title="Commissions">
      {query.isError ? (
        <Alert tone="error">Commissions could not be loaded: {query.error.message}</Alert>
      ) : query.isPending ? (
        <p className="text-sm text-slate-500">Loading commissions…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-500">No commissions yet.</p>
      ) : (
        <>
          <Table
            label="Affiliate commissions"
            head={
              <>
                <Th>Date</Th>
                <Th className="text-right">Commission</Th>
                <Th className="text-right">On a sale of</Th>
                <Th>Status</Th>
                <Th>Due</Th>
              </>
            }
          >
            {items.map((c) => (
              <tr key={c.id}>
                <Td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</Td>
                <Td className="text-right font-medium text-slate-900 tabular-nums">
                  {formatMoney(c.amount, c.currency)}
                  {c.kind === "clawback" && (
                    <span className="block text-xs font-normal text-red-700">clawback</span>
                  )}
                </Td>
                <Td className="text-right tabular-nums">
                  {c.saleAmount !== null && c.saleCurrency ? formatMoney(c.saleAmount, c.saleCurrency) : "—"}
                </Td>
                <Td>
                  <StatusPill kind="commission" status={c.status} />
                  <TestBadge livemode={c.livemode} />
                </Td>
                <Td className="whitespace-nowrap">{c.dueAt ? formatDateTime(c.dueAt) : "—"}</Td>
              </tr>
            ))}
          </Table>
          <PagerButtons label="Commissions pages" busy={query.isFetching} pager={pager} />
        </>
      )}
    </Card>
  );
}
