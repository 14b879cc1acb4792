import Link from "next/link";
import { CarriedOverNotice, PayoutStatus } from "@/components/merchant/payout-status";
import { Pager } from "@/components/shared/pager";
import { TestBadge } from "@/components/shared/status-pill";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listPayouts } from "@/db/queries/payouts";
import { page } from "@/lib/api/pagination";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { formatCount, formatDateTime, formatMoney } from "@/lib/format";

export const metadata = { title: "Payouts" };

export default async function PayoutsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string; carried?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const params = await searchParams;
  const key = decodeCursor(typeof params.cursor === "string" ? params.cursor : null);
  const rows = await listPayouts(await getDb(), { merchantId, limit: DEFAULT_PAGE_SIZE, cursor: key });
  const { data, next_cursor } = page(rows, DEFAULT_PAGE_SIZE, (row) => row);
  const carried = Number(params.carried) || 0;
  return (
    <>
      <PageHeader
        title="Payouts"
        description="Batches of due commissions, one per currency. Download a batch as a PayPal mass-payment file, pay it, then mark it as paid."
      />
      <CarriedOverNotice count={carried} />
      {data.length === 0 && !key ? (
        <EmptyState title="No payouts yet">
          Select due commissions on the{" "}
          <Link className="text-brand-600 hover:underline" href="/dashboard/commissions?status=due">
            Commissions
          </Link>{" "}
          page and press “Create payout”.
        </EmptyState>
      ) : (
        <Table
          label="Payouts"
          head={
            <>
              <Th>Payout</Th>
              <Th>Status</Th>
              <Th className="text-right">Amount</Th>
              <Th className="text-right">Affiliates</Th>
              <Th className="text-right">Commissions</Th>
              <Th>Created</Th>
              <Th>Paid</Th>
            </>
          }
        >
          {data.map((p) => (
            <tr key={p.id} className={p.livemode ? undefined : "bg-amber-50/40"}>
              <Td>
                <Link
                  className="font-mono text-brand-600 hover:underline"
                  href={`/dashboard/payouts/${p.id}`}
                >
                  {p.id}
                </Link>
                <TestBadge livemode={p.livemode} />
              </Td>
              <Td>
                <PayoutStatus status={p.status} />
              </Td>
              <Td className="text-right tabular-nums">{formatMoney(p.amount, p.currency)}</Td>
              <Td className="text-right tabular-nums">{formatCount(p.affiliateCount)}</Td>
              <Td className="text-right tabular-nums">{formatCount(p.commissionCount)}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(p.createdAt)}</Td>
              <Td className="whitespace-nowrap">{p.paidAt ? formatDateTime(p.paidAt) : "—"}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager basePath="/dashboard/payouts" cursor={key ? params.cursor! : null} nextCursor={next_cursor} />
    </>
  );
}
