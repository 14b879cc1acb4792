import { PortalCommissionsTable } from "@/components/affiliate/portal-commissions-table";
import { Pager } from "@/components/shared/pager";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { requireAffiliate } from "@/lib/auth/session";
import { decodeCursor } from "@/lib/cursor";
import { portalCommissions } from "@/lib/portal/data";

export const metadata = { title: "Your commissions" };

export default async function PortalCommissionsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const ctx = await requireAffiliate();
  const { cursor } = await searchParams;
  const key = decodeCursor(typeof cursor === "string" ? cursor : null);
  const { items, nextCursor } = await portalCommissions(await getDb(), ctx, key);
  return (
    <>
      <PageHeader
        title="Commissions"
        description="Every commission you earned, newest first. Pending ones are confirmed after the hold period; due ones are paid in the next payout."
      />
      {items.length === 0 && !key ? (
        <EmptyState title="No commissions yet">
          They appear here as soon as someone you referred buys.
        </EmptyState>
      ) : (
        <>
          <PortalCommissionsTable items={items} />
          <Pager basePath="/portal/commissions" cursor={key ? cursor! : null} nextCursor={nextCursor} />
        </>
      )}
    </>
  );
}
