import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type CursorKey, encodeCursor } from "@/lib/cursor";
import type { Database } from "../index";
import { commissions, payouts, purchases } from "../schema";
import { afterCursor, cursorAt } from "./pagination";

/**
 * One affiliate's money, always scoped by (merchant_id, affiliate_id): the merchant's affiliate
 * page and the affiliate's own portal read through these, the portal with both ids from the
 * session. Lists are newest first, keyset-paginated on (merchant_id, affiliate_id, created_at, id).
 */
export interface AffiliateScope {
  merchantId: string;
  affiliateId: string;
}

function page<T extends { id: string; cursorAt: string }>(found: T[], limit: number) {
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ cursorAt: _, ...item }) => item),
    nextCursor: found.length > limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}

export async function listAffiliateCommissions(
  db: Database,
  scope: AffiliateScope,
  p: { limit: number; cursor: CursorKey | null },
) {
  const found = await db
    .select({
      id: commissions.id,
      amount: commissions.amount,
      currency: commissions.currency,
      status: commissions.status,
      kind: commissions.kind,
      livemode: commissions.livemode,
      dueAt: commissions.dueAt,
      createdAt: commissions.createdAt,
      saleAmount: purchases.amount,
      saleCurrency: purchases.currency,
      cursorAt: cursorAt(commissions.createdAt),
    })
    .from(commissions)
    .leftJoin(
      purchases,
      and(eq(purchases.merchantId, commissions.merchantId), eq(purchases.id, commissions.purchaseId)),
    )
    .where(
      and(
        eq(commissions.merchantId, scope.merchantId),
        eq(commissions.affiliateId, scope.affiliateId),
        afterCursor(commissions.createdAt, commissions.id, p.cursor),
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(p.limit + 1);
  return page(found, p.limit);
}

export async function listAffiliatePurchases(
  db: Database,
  scope: AffiliateScope,
  p: { limit: number; cursor: CursorKey | null },
) {
  const found = await db
    .select({
      id: purchases.id,
      email: purchases.email,
      amount: purchases.amount,
      amountRefunded: purchases.amountRefunded,
      currency: purchases.currency,
      status: purchases.status,
      attribution: purchases.attribution,
      selfReferral: purchases.selfReferral,
      commissionNote: purchases.commissionNote,
      livemode: purchases.livemode,
      stripeId: purchases.stripeId,
      createdAt: purchases.createdAt,
      cursorAt: cursorAt(purchases.createdAt),
    })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, scope.merchantId),
        eq(purchases.affiliateId, scope.affiliateId),
        afterCursor(purchases.createdAt, purchases.id, p.cursor),
      ),
    )
    .orderBy(desc(purchases.createdAt), desc(purchases.id))
    .limit(p.limit + 1);
  return page(found, p.limit);
}

/**
 * The payout batches that paid this affiliate (a batch pays many affiliates: the affiliate sees
 * their own share of it). Discarded batches are left out; their commissions went back to due.
 */
export async function listAffiliatePayouts(
  db: Database,
  scope: AffiliateScope,
  p: { limit: number; cursor: CursorKey | null },
) {
  const found = await db
    .select({
      id: payouts.id,
      status: payouts.status,
      createdAt: payouts.createdAt,
      paidAt: payouts.paidAt,
      livemode: payouts.livemode,
      currency: commissions.currency,
      amount: sql<number>`sum(${commissions.amount})::int`,
      commissionCount: sql<number>`count(*)::int`,
      cursorAt: cursorAt(payouts.createdAt),
    })
    .from(commissions)
    .innerJoin(
      payouts,
      and(eq(payouts.merchantId, commissions.merchantId), eq(payouts.id, commissions.payoutId)),
    )
    .where(
      and(
        eq(commissions.merchantId, scope.merchantId),
        eq(commissions.affiliateId, scope.affiliateId),
        inArray(payouts.status, ["draft", "paid"]),
        afterCursor(payouts.createdAt, payouts.id, p.cursor),
      ),
    )
    .groupBy(payouts.merchantId, payouts.id, commissions.currency)
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(p.limit + 1);
  return page(found, p.limit);
}

export interface EarningsLine {
  livemode: boolean;
  currency: string;
  pending: number;
  due: number;
  paid: number;
  onHold: number;
  total: number;
}

/**
 * Earnings to date by mode and currency: pending (in hold), due, paid and on hold (disputed);
 * cancelled commissions earn nothing and clawbacks count negative. Live mode first.
 */
export async function affiliateEarnings(db: Database, scope: AffiliateScope): Promise<EarningsLine[]> {
  const found = await db
    .select({
      livemode: commissions.livemode,
      currency: commissions.currency,
      status: commissions.status,
      amount: sql<number>`sum(${commissions.amount})::float8`,
    })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, scope.merchantId),
        eq(commissions.affiliateId, scope.affiliateId),
        sql`${commissions.status} <> 'cancelled'`,
      ),
    )
    .groupBy(commissions.livemode, commissions.currency, commissions.status);
  const lines = new Map<string, EarningsLine>();
  for (const row of found) {
    const key = `${row.livemode}:${row.currency}`;
    const line = lines.get(key) ?? {
      livemode: row.livemode,
      currency: row.currency,
      pending: 0,
      due: 0,
      paid: 0,
      onHold: 0,
      total: 0,
    };
    const amount = Number(row.amount);
    if (row.status === "pending") line.pending += amount;
    else if (row.status === "due") line.due += amount;
    else if (row.status === "paid") line.paid += amount;
    else if (row.status === "on_hold") line.onHold += amount;
    line.total += amount;
    lines.set(key, line);
  }
  return [...lines.values()].sort(
    (a, b) =>
      Number(b.livemode) - Number(a.livemode) || b.total - a.total || a.currency.localeCompare(b.currency),
  );
}
