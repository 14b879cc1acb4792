import Link from "next/link";
import { NewAffiliateForm } from "@/components/merchant/new-affiliate-form";
import { Pager } from "@/components/shared/pager";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { affiliateActivity, listAffiliates } from "@/db/queries/affiliates";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { displayName, formatCount, formatDateTime } from "@/lib/format";

export const metadata = { title: "Affiliates" };

export default async function AffiliatesPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; cursor?: string }>;
}) {
  const { merchantId } = await requireMerchant();
  const params = await searchParams;
  const search = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const key = decodeCursor(typeof params.cursor === "string" ? params.cursor : null);
  const db = await getDb();
  const { affiliates, nextCursor } = await listAffiliates(db, {
    merchantId,
    search,
    limit: DEFAULT_PAGE_SIZE,
    cursor: key,
  });
  const activity = await affiliateActivity(
    db,
    merchantId,
    affiliates.map((a) => a.id),
  );
  return (
    <>
      <PageHeader title="Affiliates" description="Affiliates you add or who join your program appear here." />
      <div className="space-y-6">
        <form
          aria-label="Search affiliates"
          className="flex max-w-md items-end gap-2"
          action="/dashboard/affiliates"
        >
          <div className="flex-1">
            <label htmlFor="affiliate-search" className="block text-sm font-medium text-slate-700">
              Search affiliates
            </label>
            <input
              id="affiliate-search"
              name="q"
              type="search"
              defaultValue={search}
              placeholder="Name, email or code"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {affiliates.length === 0 && !key ? (
          <EmptyState title={search ? "No affiliate matches this search" : "No affiliates yet"}>
            {search ? "Try a name, an email or a referral code." : "Add your first affiliate below."}
          </EmptyState>
        ) : (
          <div>
            <Table
              label="Affiliates"
              head={
                <>
                  <Th>Name</Th>
                  <Th>Email</Th>
                  <Th>Referral code</Th>
                  <Th className="text-right">Visits</Th>
                  <Th className="text-right">Leads</Th>
                  <Th>Added</Th>
                </>
              }
            >
              {affiliates.map((affiliate) => (
                <tr key={affiliate.id}>
                  <Td className="font-medium">
                    <Link
                      className="text-brand-600 hover:underline"
                      href={`/dashboard/affiliates/${affiliate.id}`}
                    >
                      {displayName(affiliate)}
                    </Link>
                  </Td>
                  <Td>{affiliate.email}</Td>
                  <Td className="font-mono">{affiliate.code}</Td>
                  <Td className="text-right tabular-nums">
                    {formatCount(activity.get(affiliate.id)?.visits ?? 0)}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {formatCount(activity.get(affiliate.id)?.leads ?? 0)}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(affiliate.createdAt)}</Td>
                </tr>
              ))}
            </Table>
            <Pager
              basePath="/dashboard/affiliates"
              params={{ q: search || undefined }}
              cursor={key ? params.cursor! : null}
              nextCursor={nextCursor}
            />
          </div>
        )}
        <Card title="Add an affiliate">
          <NewAffiliateForm />
        </Card>
      </div>
    </>
  );
}
