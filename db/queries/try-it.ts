import { and, desc, eq, gte, isNotNull, ne, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../index";
import { affiliates, commissions, leads, purchases, visits } from "../schema";

/** The dashboard's Try it panel (local use): the newest visit, lead and purchase of one merchant. */

const affiliateCode = (merchantId: string, column: PgColumn) =>
  and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, column));

export async function latestVisit(db: Database, merchantId: string) {
  const [row] = await db
    .select({ at: visits.createdAt, url: visits.url, affiliateCode: affiliates.code })
    .from(visits)
    .leftJoin(affiliates, affiliateCode(merchantId, visits.affiliateId))
    .where(eq(visits.merchantId, merchantId))
    .orderBy(desc(visits.createdAt), desc(visits.id))
    .limit(1);
  return row ?? null;
}

export async function latestLead(db: Database, merchantId: string) {
  const [row] = await db
    .select({ at: leads.createdAt, email: leads.email, affiliateCode: affiliates.code })
    .from(leads)
    .leftJoin(affiliates, affiliateCode(merchantId, leads.affiliateId))
    .where(eq(leads.merchantId, merchantId))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(1);
  return row ?? null;
}

/**
 * The newest Stripe purchase since `since` (the current connection's start: older ones belong to
 * an account the simulator no longer knows) with its sale commission, if it earned one.
 */
export async function latestStripePurchase(db: Database, merchantId: string, since: Date) {
  const [row] = await db
    .select({
      id: purchases.id,
      at: purchases.createdAt,
      email: purchases.email,
      amount: purchases.amount,
      currency: purchases.currency,
      amountRefunded: purchases.amountRefunded,
      status: purchases.status,
      disputeStatus: purchases.disputeStatus,
      stripeChargeId: purchases.stripeChargeId,
      stripeInvoiceId: purchases.stripeInvoiceId,
      affiliateCode: affiliates.code,
      commissionAmount: commissions.amount,
      commissionStatus: commissions.status,
    })
    .from(purchases)
    .leftJoin(affiliates, affiliateCode(merchantId, purchases.affiliateId))
    .leftJoin(
      commissions,
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.purchaseId, purchases.id),
        eq(commissions.kind, "sale"),
      ),
    )
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        ne(purchases.source, "script"),
        gte(purchases.createdAt, since),
        or(isNotNull(purchases.stripeChargeId), isNotNull(purchases.stripeInvoiceId)),
      ),
    )
    .orderBy(desc(purchases.createdAt), desc(purchases.id))
    .limit(1);
  return row ?? null;
}

export type LatestPurchase = NonNullable<Awaited<ReturnType<typeof latestStripePurchase>>>;
