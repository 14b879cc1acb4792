import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, commissions, leads, purchases, stripeCustomers, visitors } from "../schema";

/** Lookups and writes behind webhook processing; every one is scoped by merchant. */

export async function lockPurchase(db: Database, merchantId: string, stripeId: string) {
  const [row] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.merchantId, merchantId), eq(purchases.stripeId, stripeId)))
    .for("update");
  return row ?? null;
}

const paidBy = (merchantId: string, charge: { id: string; paymentIntentId: string | null }) =>
  and(
    eq(purchases.merchantId, merchantId),
    or(
      eq(purchases.stripeChargeId, charge.id),
      charge.paymentIntentId ? eq(purchases.stripePaymentIntentId, charge.paymentIntentId) : undefined,
      charge.paymentIntentId ? eq(purchases.stripeId, charge.paymentIntentId) : undefined,
    ),
  );

/** The purchase a charge paid for (by charge id, else by its payment intent), locked. */
export async function lockPurchaseForCharge(
  db: Database,
  merchantId: string,
  charge: { id: string; paymentIntentId: string | null },
) {
  const [row] = await db.select().from(purchases).where(paidBy(merchantId, charge)).limit(1).for("update");
  return row ?? null;
}

/** The same, without a lock: a read ahead of the transaction. */
export async function findPurchaseForCharge(
  db: Database,
  merchantId: string,
  charge: { id: string; paymentIntentId: string | null },
) {
  const [row] = await db
    .select({ id: purchases.id })
    .from(purchases)
    .where(paidBy(merchantId, charge))
    .limit(1);
  return row ?? null;
}

/** A purchase the site reported itself under one of these ids, not yet confirmed by Stripe. */
export async function lockUnverifiedPurchase(db: Database, merchantId: string, stripeIds: string[]) {
  if (stripeIds.length === 0) return null;
  const [row] = await db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        inArray(purchases.stripeId, stripeIds),
        eq(purchases.status, "unverified"),
      ),
    )
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function lockCustomer(db: Database, merchantId: string, stripeCustomerId: string) {
  const [row] = await db
    .select()
    .from(stripeCustomers)
    .where(
      and(eq(stripeCustomers.merchantId, merchantId), eq(stripeCustomers.stripeCustomerId, stripeCustomerId)),
    )
    .for("update");
  return row ?? null;
}

export async function findAffiliateById(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .limit(1);
  return row ?? null;
}

export async function findAffiliateByCouponCode(db: Database, merchantId: string, code: string) {
  const [row] = await db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        sql`lower(${affiliates.couponCode}) = ${code.toLowerCase()}`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * A tracking id names a visitor (the cookie) or, as some integrations pass it, a lead; the
 * visitor's credited affiliate wins over the lead's. One query either way.
 */
export async function findTrackedReferral(db: Database, merchantId: string, trackingId: string) {
  const [row] = await db
    .select({
      visitorAffiliateId: visitors.affiliateId,
      leadId: leads.id,
      leadAffiliateId: leads.affiliateId,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(visitors, and(eq(visitors.merchantId, merchantId), eq(visitors.id, trackingId)))
    .leftJoin(
      leads,
      and(eq(leads.merchantId, merchantId), or(eq(leads.visitorId, trackingId), eq(leads.id, trackingId))),
    )
    .limit(1);
  const affiliateId = row?.visitorAffiliateId ?? row?.leadAffiliateId;
  return affiliateId ? { affiliateId, leadId: row?.leadId ?? null } : null;
}

export async function findLeadByEmail(db: Database, merchantId: string, email: string) {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.merchantId, merchantId), sql`lower(${leads.email}) = ${email.toLowerCase()}`))
    .limit(1);
  return row ?? null;
}

/** The customer's earlier commissionable payments, for first-only and N-month plans. */
export async function priorPaymentsOf(
  db: Database,
  merchantId: string,
  stripeCustomerId: string,
  before: Date,
) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, first: sql<Date | null>`min(${purchases.createdAt})` })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.stripeCustomerId, stripeCustomerId),
        sql`${purchases.affiliateId} is not null`,
        lt(purchases.createdAt, before),
      ),
    );
  const first = row?.first ? new Date(row.first) : null;
  return { count: row?.count ?? 0, first };
}

export async function lockSaleCommission(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.purchaseId, purchaseId),
        eq(commissions.kind, "sale"),
        sql`${commissions.periodStart} is null`,
      ),
    )
    .for("update");
  return row ?? null;
}

export async function clawbackTotal(db: Database, merchantId: string, commissionId: string) {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${commissions.amount}), 0)::int` })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.reversesId, commissionId),
        sql`${commissions.status} <> 'cancelled'`,
      ),
    );
  return row?.total ?? 0;
}

/** Commissions whose hold has passed become due (pending → due only: SPEC §6). */
export async function promoteDueCommissions(db: Database, now: Date, merchantId?: string) {
  const rows = await db
    .update(commissions)
    .set({ status: "due" })
    .where(
      and(
        merchantId ? eq(commissions.merchantId, merchantId) : undefined,
        eq(commissions.status, "pending"),
        lt(commissions.dueAt, now),
      ),
    )
    .returning({ id: commissions.id });
  return rows.length;
}
