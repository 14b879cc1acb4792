import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, merchantRef, tstz } from "./columns";

/** One purchase per Stripe money object (invoice, else charge or checkout session). */
export const purchases = pgTable(
  "purchases",
  {
    id: text().notNull(),
    merchantId: merchantRef(),
    /** Natural key: the invoice, charge or checkout session id; or the merchant's purchase code. */
    stripeId: text().notNull(),
    source: text({
      enum: ["invoice", "charge", "checkout_session", "subscription_period", "script"],
    }).notNull(),
    leadId: text(),
    affiliateId: text(),
    stripeCustomerId: text(),
    stripeSubscriptionId: text(),
    stripeChargeId: text(),
    stripePaymentIntentId: text(),
    email: text(),
    amount: integer().notNull(),
    currency: text().notNull(),
    amountRefunded: integer().notNull().default(0),
    status: text({
      enum: ["unverified", "completed", "refunded", "partially_refunded", "disputed"],
    }).notNull(),
    /** Latest dispute outcome; a lost dispute counts as a full refund for commissions. */
    disputeStatus: text({ enum: ["open", "won", "lost"] }),
    attribution: text({ enum: ["tracking", "coupon", "email", "customer"] }),
    selfReferral: boolean().notNull().default(false),
    livemode: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("purchases_id_key").on(t.id),
    uniqueIndex("purchases_stripe_id_key").on(t.merchantId, t.stripeId),
    index("purchases_created_idx").on(t.merchantId, t.createdAt, t.id),
    index("purchases_affiliate_idx").on(t.merchantId, t.affiliateId),
    index("purchases_affiliate_created_idx").on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    index("purchases_charge_idx").on(t.merchantId, t.stripeChargeId),
    index("purchases_payment_intent_idx").on(t.merchantId, t.stripePaymentIntentId),
  ],
);

export const commissions = pgTable(
  "commissions",
  {
    id: text().notNull(),
    merchantId: merchantRef(),
    affiliateId: text().notNull(),
    purchaseId: text(),
    payoutId: text(),
    /** Reversal of which commission (clawbacks). */
    reversesId: text(),
    amount: integer().notNull(),
    /** A sale's commission before refunds; refunds scale `amount` down from it pro rata. */
    grossAmount: integer(),
    currency: text().notNull(),
    status: text({ enum: ["pending", "due", "paid", "cancelled", "on_hold"] }).notNull(),
    kind: text({ enum: ["sale", "clawback"] })
      .notNull()
      .default("sale"),
    /** Start of the billing period, for subscriptions tracked by start/end dates. */
    periodStart: tstz(),
    stripeSubscriptionId: text(),
    dueAt: tstz(),
    livemode: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("commissions_id_key").on(t.id),
    // One sale commission per purchase; subscriptions tracked by dates have one per period instead.
    uniqueIndex("commissions_sale_purchase_key")
      .on(t.merchantId, t.purchaseId)
      .where(sql`${t.kind} = 'sale' and ${t.purchaseId} is not null and ${t.periodStart} is null`),
    uniqueIndex("commissions_period_key")
      .on(t.merchantId, t.stripeSubscriptionId, t.periodStart)
      .where(sql`${t.periodStart} is not null`),
    index("commissions_created_idx").on(t.merchantId, t.createdAt, t.id),
    index("commissions_affiliate_idx").on(t.merchantId, t.affiliateId, t.status),
    index("commissions_affiliate_created_idx").on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    index("commissions_payout_idx").on(t.merchantId, t.payoutId),
  ],
);

export const payouts = pgTable(
  "payouts",
  {
    id: text().notNull(),
    merchantId: merchantRef(),
    /** draft → paid, or draft → discarded (its commissions go back to the due pool). */
    status: text({ enum: ["draft", "paid", "discarded"] })
      .notNull()
      .default("draft"),
    /** Net total: sale commissions less the clawbacks netted in. */
    amount: integer().notNull(),
    currency: text().notNull(),
    commissionCount: integer().notNull(),
    affiliateCount: integer().notNull().default(0),
    /** A batch never mixes Stripe test-mode and live-mode commissions. */
    livemode: boolean().notNull().default(true),
    createdByUserId: text(),
    createdAt: createdAt(),
    paidAt: tstz(),
    paidByUserId: text(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("payouts_id_key").on(t.id),
    index("payouts_created_idx").on(t.merchantId, t.createdAt, t.id),
  ],
);

export type Purchase = typeof purchases.$inferSelect;
export type Commission = typeof commissions.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
