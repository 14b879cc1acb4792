import Link from "next/link";
import { type CommissionRow, CommissionsTable } from "@/components/merchant/commissions-table";
import { Writable } from "@/components/merchant/role-context";
import { Pager } from "@/components/shared/pager";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCommissions } from "@/db/queries/ledger";
import { affiliateChoices } from "@/db/queries/payouts";
import { page } from "@/lib/api/pagination";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { displayName } from "@/lib/format";

export const metadata = { title: "Commissions" };

const STATUSES = [
  ["pending", "Pending (in hold)"],
  ["due", "Due"],
  ["paid", "Paid"],
  ["cancelled", "Cancelled"],
  ["on_hold", "On hold (dispute)"],
] as const;
type Status = (typeof STATUSES)[number][0];

const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export default async function CommissionsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string; status?: string; affiliate?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const params = await searchParams;
  const status = STATUSES.find(([value]) => value === params.status)?.[0] as Status | undefined;
  const affiliateId = typeof params.affiliate === "string" && params.affiliate ? params.affiliate : undefined;
  const key = decodeCursor(typeof params.cursor === "string" ? params.cursor : null);
  const db = await getDb();
  const [rows, affiliates] = await Promise.all([
    listCommissions(db, { merchantId, limit: DEFAULT_PAGE_SIZE, cursor: key, status, affiliateId }),
    affiliateChoices(db, merchantId),
  ]);
  const { data, next_cursor } = page(
    rows,
    DEFAULT_PAGE_SIZE,
    (c): CommissionRow => ({
      id: c.id,
      affiliateId: c.affiliateId,
      affiliate: c.affiliate,
      amount: c.amount,
      currency: c.currency,
      kind: c.kind,
      status: c.status,
      payoutId: c.payoutId,
      livemode: c.livemode,
      dueAt: c.dueAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    }),
  );
  const filtered = Boolean(status || affiliateId);
  return (
    <>
      <PageHeader
        title="Commissions"
        description="Earned on attributed purchases under your commission plan; refunds and disputes adjust them. Approve releases a commission from its hold early; due commissions can be paid in a payout."
        actions={
          <div className="flex gap-4">
            <Link
              className="text-sm font-medium text-brand-600 hover:underline"
              href="/dashboard/commissions/review"
            >
              Review held sales →
            </Link>
            <Link className="text-sm font-medium text-brand-600 hover:underline" href="/dashboard/payouts">
              Payouts →
            </Link>
          </div>
        }
      />
      {/* Keyed by the filters: a client-side navigation (Clear filters) must reset the menus. */}
      <form
        key={`${status ?? ""}:${affiliateId ?? ""}`}
        aria-label="Filter commissions"
        action="/dashboard/commissions"
        className="mb-4 flex flex-wrap items-end gap-3"
      >
        <div className="w-48">
          <label htmlFor="commission-status" className="block text-sm font-medium text-slate-700">
            Status
          </label>
          <select id="commission-status" name="status" defaultValue={status ?? ""} className={select}>
            <option value="">All statuses</option>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="w-64">
          <label htmlFor="commission-affiliate" className="block text-sm font-medium text-slate-700">
            Affiliate
          </label>
          <select
            id="commission-affiliate"
            name="affiliate"
            defaultValue={affiliateId ?? ""}
            className={select}
          >
            <option value="">All affiliates</option>
            {affiliates.map((a) => (
              <option key={a.id} value={a.id}>
                {displayName(a)} ({a.code})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered && (
          <Link className="py-2 text-sm text-brand-600 hover:underline" href="/dashboard/commissions">
            Clear filters
          </Link>
        )}
      </form>
      {data.length === 0 && !key ? (
        <EmptyState title={filtered ? "No commission matches these filters" : "No commissions yet"}>
          {filtered
            ? "Try another status or affiliate."
            : "Commissions are created from attributed purchases."}
        </EmptyState>
      ) : (
        <Writable>
          <CommissionsTable key={`${status ?? ""}:${affiliateId ?? ""}:${params.cursor ?? ""}`} rows={data} />
        </Writable>
      )}
      <Pager
        basePath="/dashboard/commissions"
        params={{ status, affiliate: affiliateId }}
        cursor={key ? params.cursor! : null}
        nextCursor={next_cursor}
      />
    </>
  );
}
