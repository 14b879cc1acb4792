import { StatusPill, TestBadge } from "@/components/shared/status-pill";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";

export interface PortalCommission {
  id: string;
  amount: number;
  currency: string;
  status: string;
  kind: "sale" | "clawback";
  livemode: boolean;
  dueAt: Date | null;
  createdAt: Date;
  saleAmount: number | null;
  saleCurrency: string | null;
}

const STATUS_HELP: Record<string, string> = {
  pending: "In the hold period",
  due: "Confirmed, waiting for the next payout",
  paid: "Paid to you",
  cancelled: "Cancelled (refund)",
  on_hold: "On hold (the sale is disputed)",
};

export function PortalCommissionsTable({ items }: { items: PortalCommission[] }) {
  return (
    <Table
      label="Your commissions"
      head={
        <>
          <Th>Date</Th>
          <Th className="text-right">Commission</Th>
          <Th className="text-right">Sale</Th>
          <Th>Status</Th>
        </>
      }
    >
      {items.map((c) => (
        <tr key={c.id}>
          <Td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</Td>
          <Td className="text-right font-medium text-slate-900 tabular-nums">
            {formatMoney(c.amount, c.currency)}
            {c.kind === "clawback" && (
              <span className="block text-xs font-normal text-red-700">refund clawback</span>
            )}
          </Td>
          <Td className="text-right tabular-nums">
            {c.saleAmount !== null && c.saleCurrency ? formatMoney(c.saleAmount, c.saleCurrency) : "—"}
          </Td>
          <Td>
            <span title={STATUS_HELP[c.status]}>
              <StatusPill kind="commission" status={c.status} />
            </span>
            <TestBadge livemode={c.livemode} />
            {c.status === "pending" && c.dueAt && (
              <span className="block text-xs text-slate-500">due {formatDate(c.dueAt)}</span>
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
