import Link from "next/link";
import { AffiliateStatusBadge } from "@/components/merchant/affiliate-status-badge";
import { AffiliateStatusButtons } from "@/components/merchant/affiliate-status-button";
import { CouponSyncBadge } from "@/components/merchant/coupon-sync-badge";
import { InviteAffiliateForm } from "@/components/merchant/invite-affiliate-form";
import { NewAffiliateForm } from "@/components/merchant/new-affiliate-form";
import { ProgramCard } from "@/components/merchant/program-card";
import { Writable } from "@/components/merchant/role-context";
import { LinkTabs } from "@/components/shared/link-tabs";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { countPendingAffiliates, listAffiliatePage } from "@/db/queries/affiliate-list";
import { getMerchant } from "@/db/queries/merchants";
import { affiliateStats, leadingCurrency } from "@/db/queries/reports";
import { affiliateListHref, parseAffiliateListQuery } from "@/lib/affiliates/list-params";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE } from "@/lib/cursor";
import { env } from "@/lib/env";
import { displayName, formatCount, formatDate, formatMoney } from "@/lib/format";

export const metadata = { title: "Affiliates" };

export default async function AffiliatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { merchantId } = await requireMerchant();
  const view = parseAffiliateListQuery(await searchParams);
  const db = await getDb();
  const merchant = (await getMerchant(db, merchantId))!;
  const livemode = view.mode === "live";
  const currency = await leadingCurrency(db, merchantId, livemode, merchant.commissionCurrency ?? "usd");
  const [{ affiliates, nextCursor }, pendingCount] = await Promise.all([
    listAffiliatePage(db, {
      merchantId,
      sort: view.sort,
      status: view.status,
      search: view.q,
      limit: DEFAULT_PAGE_SIZE,
      cursor: view.cursor,
      livemode,
      currency,
    }),
    countPendingAffiliates(db, merchantId),
  ]);
  const stats = await affiliateStats(
    db,
    merchantId,
    affiliates.map((a) => a.id),
  );
  const earnings = (id: string) =>
    (stats.get(id)?.money ?? [])
      .filter((m) => m.livemode === livemode && m.commissions !== 0)
      .sort((a, b) => Number(b.currency === currency) - Number(a.currency === currency));
  const filtered = Boolean(view.q || view.status);
  const joinUrl = new URL(`/join/${merchant.slug}`, env().APP_URL).toString();

  return (
    <>
      <PageHeader
        title="Affiliates"
        description="The people who promote you: approve who joins, invite new ones, and see what each one earns."
      />
      <div className="space-y-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <LinkTabs
            label="Filter by status"
            items={[
              { label: "All", href: affiliateListHref(view, { status: undefined }), current: !view.status },
              {
                label: "Pending",
                href: affiliateListHref(view, { status: "pending" }),
                current: view.status === "pending",
                count: pendingCount,
              },
              {
                label: "Active",
                href: affiliateListHref(view, { status: "active" }),
                current: view.status === "active",
              },
              {
                label: "Inactive",
                href: affiliateListHref(view, { status: "inactive" }),
                current: view.status === "inactive",
              },
            ]}
          />
          <div className="flex flex-wrap items-center gap-3">
            <span className="text-sm text-slate-500" aria-hidden>
              Sort
            </span>
            <LinkTabs
              label="Sort"
              items={[
                {
                  label: "Newest",
                  href: affiliateListHref(view, { sort: "newest" }),
                  current: view.sort === "newest",
                },
                {
                  label: "Name",
                  href: affiliateListHref(view, { sort: "name" }),
                  current: view.sort === "name",
                },
                {
                  label: "Earnings",
                  href: affiliateListHref(view, { sort: "earnings" }),
                  current: view.sort === "earnings",
                },
              ]}
            />
          </div>
        </div>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <form
            aria-label="Search affiliates"
            className="flex w-full max-w-md items-end gap-2"
            action="/dashboard/affiliates"
          >
            {view.status && <input type="hidden" name="status" value={view.status} />}
            {view.sort !== "newest" && <input type="hidden" name="sort" value={view.sort} />}
            {view.mode !== "live" && <input type="hidden" name="mode" value={view.mode} />}
            <div className="flex-1">
              <label htmlFor="affiliate-search" className="block text-sm font-medium text-slate-700">
                Search affiliates
              </label>
              <input
                id="affiliate-search"
                name="q"
                type="search"
                defaultValue={view.q}
                placeholder="Name, email or code"
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
              />
            </div>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </form>
          <Link
            className="text-sm text-brand-600 hover:underline"
            href={affiliateListHref(view, { mode: livemode ? "test" : "live" })}
          >
            {livemode ? "Show test-mode earnings" : "Show live earnings"}
          </Link>
        </div>

        {affiliates.length === 0 && !view.cursor ? (
          <EmptyState title={filtered ? "No affiliate matches" : "No affiliates yet"}>
            {filtered
              ? "Try another search or status."
              : "Share your sign-up page, invite someone by email, or add an affiliate below."}
          </EmptyState>
        ) : (
          <div>
            <Table
              label="Affiliates"
              head={
                <>
                  <Th>Affiliate</Th>
                  <Th>Status</Th>
                  <Th>Referral code</Th>
                  <Th>Coupon code</Th>
                  <Th className="text-right">Visits</Th>
                  <Th className="text-right">Leads</Th>
                  <Th className="text-right">Earnings{livemode ? "" : " (test)"}</Th>
                  <Th>Joined</Th>
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </>
              }
            >
              {affiliates.map((affiliate) => {
                const name = displayName(affiliate);
                const earned = earnings(affiliate.id);
                return (
                  <tr key={affiliate.id}>
                    <Td>
                      <Link
                        className="font-medium text-brand-600 hover:underline"
                        href={`/dashboard/affiliates/${affiliate.id}`}
                      >
                        {name}
                      </Link>
                      {name !== affiliate.email && (
                        <p className="text-xs text-slate-500">{affiliate.email}</p>
                      )}
                    </Td>
                    <Td>
                      <AffiliateStatusBadge status={affiliate.status} />
                    </Td>
                    <Td className="font-mono">{affiliate.code}</Td>
                    <Td>
                      {affiliate.couponCode ? (
                        <span className="flex flex-wrap items-baseline gap-2">
                          <span className="font-mono">{affiliate.couponCode}</span>
                          <CouponSyncBadge
                            status={affiliate.couponSyncStatus}
                            error={affiliate.couponSyncError}
                          />
                        </span>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatCount(stats.get(affiliate.id)?.visits ?? 0)}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatCount(stats.get(affiliate.id)?.leads ?? 0)}
                    </Td>
                    <Td className="text-right font-medium text-slate-900 tabular-nums">
                      {earned.length
                        ? earned.map((m) => formatMoney(m.commissions, m.currency)).join(" · ")
                        : formatMoney(0, currency)}
                    </Td>
                    <Td className="whitespace-nowrap">{formatDate(affiliate.createdAt)}</Td>
                    <Td>
                      <Writable>
                        <AffiliateStatusButtons
                          affiliateId={affiliate.id}
                          name={name}
                          status={affiliate.status}
                          compact
                        />
                      </Writable>
                    </Td>
                  </tr>
                );
              })}
            </Table>
            <nav aria-label="Pagination" className="mt-4 flex gap-3">
              {view.cursor && (
                <Link className={pagerLink} href={affiliateListHref(view)}>
                  First page
                </Link>
              )}
              {nextCursor && (
                <Link className={pagerLink} href={affiliateListHref(view, { cursor: nextCursor })}>
                  Next page
                </Link>
              )}
            </nav>
          </div>
        )}

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Invite by email">
            <Writable>
              <InviteAffiliateForm />
            </Writable>
          </Card>
          <Card title="Your program">
            <Writable>
              <ProgramCard joinUrl={joinUrl} autoApprove={merchant.autoApproveAffiliates} />
            </Writable>
          </Card>
        </div>
        <Card title="Add an affiliate">
          <Writable>
            <NewAffiliateForm />
          </Writable>
        </Card>
      </div>
    </>
  );
}

const pagerLink =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";
