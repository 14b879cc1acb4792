import Link from "next/link";
import { AffiliateLink } from "@/components/merchant/affiliate-link";
import { Pager } from "@/components/shared/pager";
import { TestBadge } from "@/components/shared/status-pill";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listPurchases } from "@/db/queries/ledger";
import { page } from "@/lib/api/pagination";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { formatDateTime, formatMoney } from "@/lib/format";

export const metadata = { title: "Purchases" };

const ATTRIBUTION: Record<string, string> = {
  tracking: "Tracking id",
  coupon: "Coupon code",
  email: "Lead email",
  customer: "Returning customer",
};

export default async function PurchasesPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const { cursor } = await searchParams;
  const key = decodeCursor(typeof cursor === "string" ? cursor : null);
  const rows = await listPurchases(await getDb(), { merchantId, limit: DEFAULT_PAGE_SIZE, cursor: key });
  const { data, next_cursor } = page(rows, DEFAULT_PAGE_SIZE, (row) => row);
  return (
    <>
      <PageHeader
        title="Purchases"
        description="Sales from your connected Stripe account, and who referred them."
      />
      {data.length === 0 && !key ? (
        <EmptyState title="No purchases yet">
          Purchases arrive from Stripe once your Stripe account is connected (Apps).
        </EmptyState>
      ) : (
        <Table
          label="Purchases"
          head={
            <>
              <Th>Customer</Th>
              <Th>Amount</Th>
              <Th>Status</Th>
              <Th>Affiliate</Th>
              <Th>Attributed by</Th>
              <Th>Date</Th>
            </>
          }
        >
          {data.map((p) => (
            <tr key={p.id} className={p.livemode ? undefined : "bg-amber-50/40"}>
              <Td className="font-medium text-slate-900">
                <Link className="text-brand-600 hover:underline" href={`/dashboard/purchases/${p.id}`}>
                  {p.email ?? "Unknown customer"}
                </Link>
                <TestBadge livemode={p.livemode} />
              </Td>
              <Td className="tabular-nums">
                {formatMoney(p.amount, p.currency)}
                {p.amountRefunded > 0 && (
                  <span className="block text-xs text-slate-500">
                    {formatMoney(p.amountRefunded, p.currency)} refunded
                  </span>
                )}
              </Td>
              <Td>{p.status.replace("_", " ")}</Td>
              <Td>
                <AffiliateLink id={p.affiliateId} affiliate={p.affiliate} />
                {p.selfReferral && (
                  <span className="ml-2 text-xs text-red-700">Self-referral: no commission</span>
                )}
                {p.commissionNote && <span className="block text-xs text-slate-500">{p.commissionNote}</span>}
              </Td>
              <Td>{p.attribution ? ATTRIBUTION[p.attribution] : "—"}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(p.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager basePath="/dashboard/purchases" cursor={key ? cursor! : null} nextCursor={next_cursor} />
    </>
  );
}
