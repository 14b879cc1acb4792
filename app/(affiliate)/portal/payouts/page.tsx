import { Pager } from "@/components/shared/pager";
import { StatusPill, TestBadge } from "@/components/shared/status-pill";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { requireAffiliate } from "@/lib/auth/session";
import { decodeCursor } from "@/lib/cursor";
import { formatDateTime, formatMoney } from "@/lib/format";
import { portalPayouts } from "@/lib/portal/data";

export const metadata = { title: "Your payouts" };

export default async function PortalPayoutsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const ctx = await requireAffiliate();
  const { cursor } = await searchParams;
  const key = decodeCursor(typeof cursor === "string" ? cursor : null);
  const { items, nextCursor } = await portalPayouts(await getDb(), ctx, key);
  return (
    <>
      <PageHeader title="Payouts" description="Payments of your due commissions, newest first." />
      {items.length === 0 && !key ? (
        <EmptyState title="No payouts yet">
          Due commissions are paid in the merchant's next payout; it will be listed here.
        </EmptyState>
      ) : (
        <>
          <Table
            label="Your payouts"
            head={
              <>
                <Th>Created</Th>
                <Th className="text-right">Amount</Th>
                <Th className="text-right">Commissions</Th>
                <Th>Status</Th>
                <Th>Paid</Th>
              </>
            }
          >
            {items.map((p) => (
              <tr key={`${p.id}-${p.currency}`}>
                <Td className="whitespace-nowrap">{formatDateTime(p.createdAt)}</Td>
                <Td className="text-right font-medium text-slate-900 tabular-nums">
                  {formatMoney(p.amount, p.currency)}
                </Td>
                <Td className="text-right tabular-nums">{p.commissionCount}</Td>
                <Td>
                  <StatusPill kind="payout" status={p.status} />
                  <TestBadge livemode={p.livemode} />
                </Td>
                <Td className="whitespace-nowrap">{p.paidAt ? formatDateTime(p.paidAt) : "—"}</Td>
              </tr>
            ))}
          </Table>
          <Pager basePath="/portal/payouts" cursor={key ? cursor! : null} nextCursor={nextCursor} />
        </>
      )}
    </>
  );
}
