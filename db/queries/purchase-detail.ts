import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, commissions, purchases, stripeEvents } from "../schema";
import { listAdjustments } from "./adjustments";

/** One purchase with everything that shaped its commission: the purchase page and the API read it. */

/** The most events a purchase shows (the latest ones); a sale rarely has more than a dozen. */
export const PURCHASE_EVENT_LIMIT = 200;

export async function getPurchaseDetail(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await db
    .select({
      purchase: purchases,
      affiliate: {
        code: affiliates.code,
        firstName: affiliates.firstName,
        lastName: affiliates.lastName,
        email: affiliates.email,
      },
    })
    .from(purchases)
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, purchases.merchantId), eq(affiliates.id, purchases.affiliateId)),
    )
    .where(and(eq(purchases.merchantId, merchantId), eq(purchases.id, purchaseId)))
    .limit(1);
  if (!row) return null;
  const [saleCommissions, adjustments, events] = await Promise.all([
    purchaseCommissions(db, merchantId, purchaseId),
    listAdjustments(db, merchantId, purchaseId),
    purchaseEvents(db, merchantId, purchaseId),
  ]);
  return {
    purchase: row.purchase,
    affiliate: row.affiliate,
    commissions: saleCommissions,
    adjustments,
    events: events.rows,
    eventsTruncated: events.truncated,
  };
}

export type PurchaseDetail = NonNullable<Awaited<ReturnType<typeof getPurchaseDetail>>>;

/** The sale commission(s) and their clawbacks, oldest first (a clawback follows what it corrects). */
function purchaseCommissions(db: Database, merchantId: string, purchaseId: string) {
  return db
    .select()
    .from(commissions)
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.purchaseId, purchaseId)))
    .orderBy(asc(commissions.createdAt), desc(commissions.kind), asc(commissions.id));
}

/**
 * The events that shaped the purchase, newest last. Only the latest PURCHASE_EVENT_LIMIT are
 * read (one more tells whether some were left out), through the (merchant, purchase) index.
 */
async function purchaseEvents(db: Database, merchantId: string, purchaseId: string) {
  const rows = await db
    .select({
      id: stripeEvents.id,
      type: stripeEvents.type,
      status: stripeEvents.status,
      note: stripeEvents.note,
      /** The Stripe object the event is about (a Checkout Session id is kept nowhere else). */
      objectId: sql<string | null>`${stripeEvents.payload}->'data'->'object'->>'id'`,
      livemode: stripeEvents.livemode,
      createdAt: stripeEvents.createdAt,
      receivedAt: stripeEvents.receivedAt,
    })
    .from(stripeEvents)
    .where(and(eq(stripeEvents.merchantId, merchantId), eq(stripeEvents.purchaseId, purchaseId)))
    .orderBy(desc(stripeEvents.createdAt), desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(PURCHASE_EVENT_LIMIT + 1);
  const truncated = rows.length > PURCHASE_EVENT_LIMIT;
  return { rows: rows.slice(0, PURCHASE_EVENT_LIMIT).reverse(), truncated };
}
