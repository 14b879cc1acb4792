import { AffiliateLink, TestModeBadge } from "@/components/merchant/affiliate-link";
import { Pager } from "@/components/shared/pager";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listCommissions } from "@/db/queries/ledger";
import { page } from "@/lib/api/pagination";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { formatDateTime, formatMoney } from "@/lib/format";

export const metadata = { title: "Commissions" };

const STATUS: Record<string, string> = {
  pending: "Pending (in hold)",
  due: "Due",
  paid: "Paid",
  cancelled: "Cancelled",
  on_hold: "On hold (dispute)",
};

export default async function CommissionsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const { cursor } = await searchParams;
  const key = decodeCursor(typeof cursor === "string" ? cursor : null);
  const rows = await listCommissions(await getDb(), { merchantId, limit: DEFAULT_PAGE_SIZE, cursor: key });
  const { data, next_cursor } = page(rows, DEFAULT_PAGE_SIZE, (row) => row);
  return (
    <>
      <PageHeader
        title="Commissions"
        description="Earned on attributed purchases under your commission plan; refunds and disputes adjust them."
      />
      {data.length === 0 && !key ? (
        <EmptyState title="No commissions yet">Commissions are created from attributed purchases.</EmptyState>
      ) : (
        <Table
          label="Commissions"
          head={
            <>
              <Th>Affiliate</Th>
              <Th>Amount</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th>Due</Th>
              <Th>Created</Th>
            </>
          }
        >
          {data.map((c) => (
            <tr key={c.id} className={c.livemode ? undefined : "bg-amber-50/40"}>
              <Td>
                <AffiliateLink id={c.affiliateId} affiliate={c.affiliate} />
                <TestModeBadge livemode={c.livemode} />
              </Td>
              <Td className={`tabular-nums ${c.amount < 0 ? "text-red-700" : ""}`}>
                {formatMoney(c.amount, c.currency)}
              </Td>
              <Td className="capitalize">{c.kind}</Td>
              <Td>{STATUS[c.status] ?? c.status}</Td>
              <Td className="whitespace-nowrap">{c.dueAt ? formatDateTime(c.dueAt) : "—"}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager basePath="/dashboard/commissions" cursor={key ? cursor! : null} nextCursor={next_cursor} />
    </>
  );
}
