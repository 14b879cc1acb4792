import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholders, reusable } from "../reusable";
import { type Purchase, purchases } from "../schema";

/**
 * Purchases: one per Stripe money object, found by any of its ids and locked per sale. Every query is scoped by merchant; the ones every
 * webhook runs are built once (db/reusable.ts): `$name` below is a placeholder.
 */

const $ = sql.placeholder;

/** By charge id, else by its payment intent ($paymentIntentId may be null: it then matches nothing). */
const paidBy = and(
  eq(purchases.merchantId, $("merchantId")),
  or(
    eq(purchases.stripeChargeId, $("chargeId")),
    eq(purchases.stripePaymentIntentId, $("paymentIntentId")),
    eq(purchases.stripeId, $("paymentIntentId")),
  ),
);
const purchaseForChargeQuery = reusable("purchase_for_charge", (db) =>
  db.select().from(purchases).where(paidBy).limit(1).for("update"),
);
const purchaseIdForChargeQuery = reusable("purchase_id_for_charge", (db) =>
  db.select({ id: purchases.id }).from(purchases).where(paidBy).limit(1),
);

type ChargeRef = { id: string; paymentIntentId: string | null };

/** The purchase a charge paid for (by charge id, else by its payment intent), locked. */
export async function lockPurchaseForCharge(db: Database, merchantId: string, charge: ChargeRef) {
  const [row] = await purchaseForChargeQuery(db, {
    merchantId,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
  });
  return row ?? null;
}

/** The same, without a lock: a read ahead of the transaction. */
export async function findPurchaseForCharge(db: Database, merchantId: string, charge: ChargeRef) {
  const [row] = await purchaseIdForChargeQuery(db, {
    merchantId,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
  });
  return row ?? null;
}

/**
 * Serializes the work on one sale: every event that reveals it takes this lock first, so a
 * second delivery waits for the first to commit instead of attributing the same sale again.
 */
export async function lockSaleKey(db: Database, merchantId: string, stripeId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${merchantId}:${stripeId}`}, 0))`);
}

const salePurchaseQuery = reusable("sale_purchase", (db) =>
  db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, $("merchantId")),
        or(
          eq(purchases.stripeId, $("stripeId")),
          sql`${purchases.stripeId} = any(${$("aliases")})`,
          eq(purchases.stripePaymentIntentId, $("paymentIntentId")),
        ),
      ),
    )
    .orderBy(sql`${purchases.stripeId} = ${$("stripeId")} desc`)
    .limit(1)
    .for("update"),
);

/**
 * The sale's purchase, locked: recorded under its own key, or else under one of its other ids
 * or with the payment intent that paid it (the site's own recordPurchase report, or a purchase
 * recorded before the key was the one Leadtrail uses now). The row under the key itself wins.
 */
export async function lockSalePurchase(
  db: Database,
  merchantId: string,
  sale: { stripeId: string; aliases?: string[]; paymentIntentId?: string | null },
) {
  const [row] = await salePurchaseQuery(db, {
    merchantId,
    stripeId: sale.stripeId,
    aliases: sale.aliases ?? [],
    paymentIntentId: sale.paymentIntentId ?? null,
  });
  return row ?? null;
}

const SALE_COLUMNS = [
  "id",
  "merchantId",
  "stripeId",
  "source",
  "leadId",
  "affiliateId",
  "attribution",
  "selfReferral",
  "stripeCustomerId",
  "stripeSubscriptionId",
  "stripeChargeId",
  "stripePaymentIntentId",
  "stripeInvoiceId",
  "email",
  "paymentFingerprint",
  "amount",
  "chargedAmount",
  "currency",
  "status",
  "paymentStatus",
  "livemode",
  "createdAt",
] as const;
const insertPurchaseQuery = reusable("purchase_insert", (db) =>
  db
    .insert(purchases)
    .values(placeholders(...SALE_COLUMNS))
    .onConflictDoNothing()
    .returning(),
);

/** A new purchase, or null when its natural key is already taken. */
export async function insertPurchase(db: Database, row: Pick<Purchase, (typeof SALE_COLUMNS)[number]>) {
  const [inserted] = await insertPurchaseQuery(db, row);
  return inserted ?? null;
}

const purchaseLinksQuery = reusable("purchase_links", (db) =>
  db
    .update(purchases)
    .set({
      stripeChargeId: sql`coalesce(${purchases.stripeChargeId}, ${$("chargeId")})`,
      stripePaymentIntentId: sql`coalesce(${purchases.stripePaymentIntentId}, ${$("paymentIntentId")})`,
      stripeInvoiceId: sql`coalesce(${purchases.stripeInvoiceId}, ${$("invoiceId")})`,
      paymentFingerprint: sql`coalesce(${purchases.paymentFingerprint}, ${$("paymentFingerprint")})`,
    })
    .where(and(eq(purchases.merchantId, $("merchantId")), eq(purchases.id, $("id"))))
    .returning(),
);

/** Records the charge and payment intent that paid a purchase (and its card) where they were not known. */
export async function fillPurchaseLinks(
  db: Database,
  purchase: Pick<Purchase, "merchantId" | "id">,
  links: {
    chargeId: string | null;
    paymentIntentId: string | null;
    invoiceId: string | null;
    paymentFingerprint: string | null;
  },
) {
  const [updated] = await purchaseLinksQuery(db, {
    merchantId: purchase.merchantId,
    id: purchase.id,
    ...links,
  });
  return updated ?? null;
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

/** Writes a purchase's changed fields and returns the row as stored. */
export async function updatePurchase(
  db: Database,
  purchase: Pick<Purchase, "merchantId" | "id">,
  patch: Partial<Omit<Purchase, "merchantId" | "id">>,
) {
  const [updated] = await db
    .update(purchases)
    .set(patch)
    .where(and(eq(purchases.merchantId, purchase.merchantId), eq(purchases.id, purchase.id)))
    .returning();
  return updated ?? null;
}

/** The purchase an invoice billed (by the invoice it records, or keyed by the invoice), locked. */
export async function lockPurchaseForInvoice(db: Database, merchantId: string, invoiceId: string) {
  const [row] = await db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        or(eq(purchases.stripeInvoiceId, invoiceId), eq(purchases.stripeId, invoiceId)),
      ),
    )
    .limit(1)
    .for("update");
  return row ?? null;
}

/** Whether an invoice's sale is recorded, with its card: a read ahead of the transaction. */
export async function invoiceSaleHasCard(db: Database, merchantId: string, invoiceId: string) {
  const [row] = await db
    .select({ id: purchases.id })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        or(eq(purchases.stripeInvoiceId, invoiceId), eq(purchases.stripeId, invoiceId)),
        sql`${purchases.paymentFingerprint} is not null`,
      ),
    )
    .limit(1);
  return !!row;
}

/** The customer's sale that carries the method that attributed them (not "customer"). */
export async function findCustomerAttributedSale(db: Database, merchantId: string, stripeCustomerId: string) {
  const [row] = await db
    .select({
      id: purchases.id,
      merchantId: purchases.merchantId,
      createdAt: purchases.createdAt,
      attribution: purchases.attribution,
    })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.stripeCustomerId, stripeCustomerId),
        sql`${purchases.attribution} is not null and ${purchases.attribution} <> 'customer'`,
      ),
    )
    .orderBy(purchases.createdAt)
    .limit(1);
  return row ?? null;
}
