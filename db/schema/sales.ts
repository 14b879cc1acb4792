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
    /** The invoice that billed the sale, if any (credit notes name it). */
    stripeInvoiceId: text(),
    email: text(),
    /**
     * The card's fingerprint (`payment_method_details.card.fingerprint` of the charge that paid
     * the sale): the same card number gives the same one, whoever pays with it (lib/fraud/signals.ts).
     */
    paymentFingerprint: text(),
    /** The commission base: what the customer paid, net of discounts and tax. */
    amount: integer().notNull(),
    /**
     * What Stripe charged for the sale, tax included (null: the same as `amount`). Refunds,
     * disputes and credit notes come in these terms and reduce the base pro rata (docs/ledger.md).
     */
    chargedAmount: integer(),
    currency: text().notNull(),
    /** The base refunded, credited or lost to disputes, for display: commissions use the exact ratio. */
    amountRefunded: integer().notNull().default(0),
    status: text({
      enum: ["unverified", "completed", "refunded", "partially_refunded", "disputed"],
    }).notNull(),
    /** Summary of the sale's disputes: open while any is, else lost if any was lost, else won. */
    disputeStatus: text({ enum: ["open", "won", "lost"] }),
    /**
     * Whether the money arrived: "awaiting" while a billing period's invoice is past due (its
     * commission waits), "failed" when it never will be paid (its commission is cancelled).
     */
    paymentStatus: text({ enum: ["paid", "awaiting", "failed"] })
      .notNull()
      .default("paid"),
    /** Why the sale earns less than its plan would give, or nothing (shown on the purchase). */
    commissionNote: text(),
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
    index("purchases_invoice_idx").on(t.merchantId, t.stripeInvoiceId),
    index("purchases_customer_idx").on(t.merchantId, t.stripeCustomerId, t.createdAt),
    index("purchases_fingerprint_idx")
      .on(t.merchantId, t.paymentFingerprint)
      .where(sql`${t.paymentFingerprint} is not null`),
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
    /** A sale's commission before adjustments; they scale `amount` down from it (docs/ledger.md). */
    grossAmount: integer(),
    /** The percent rule it was earned under (null: a flat amount, which scales pro rata). */
    rateBps: integer(),
    currency: text().notNull(),
    status: text({ enum: ["pending", "due", "paid", "cancelled", "on_hold"] }).notNull(),
    /** Why an on_hold commission waits: an open dispute, an unpaid period, or the merchant's review. */
    holdReason: text({ enum: ["dispute", "awaiting_payment", "review"] }),
    /** Why a commission was held for the merchant's review (fraud signals, lib/fraud/signals.ts). */
    reviewReason: text(),
    /**
     * Who cancelled it: the merchant (final), or the ledger when nothing is left to earn (a full
     * refund, an unpaid period), which brings it back if that changes.
     */
    cancelReason: text({ enum: ["merchant", "ledger"] }),
    kind: text({ enum: ["sale", "clawback"] })
      .notNull()
      .default("sale"),
    /**
     * Start of the billing period of an earlier dates mode that gave one subscription purchase a
     * commission per period. Each period is its own purchase now (its `created_at`).
     */
    periodStart: tstz(),
    stripeSubscriptionId: text(),
    dueAt: tstz(),
    livemode: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("commissions_id_key").on(t.id),
    // One sale commission per purchase. Commissions with a period start are an earlier dates
    // mode's, several per subscription purchase: kept as they are, and no longer made.
    uniqueIndex("commissions_sale_purchase_key")
      .on(t.merchantId, t.purchaseId)
      .where(sql`${t.kind} = 'sale' and ${t.purchaseId} is not null and ${t.periodStart} is null`),
    index("commissions_created_idx").on(t.merchantId, t.createdAt, t.id),
    index("commissions_affiliate_idx").on(t.merchantId, t.affiliateId, t.status),
    index("commissions_affiliate_created_idx").on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    index("commissions_payout_idx").on(t.merchantId, t.payoutId),
  ],
);

/**
 * What changed a sale after it was made, by its Stripe id: a refund, a dispute or a credit note.
 * Each moves only forward through its own lifecycle (`stage`), so events in any order, or
 * repeated, leave the row as the latest state Stripe reported (docs/ledger.md).
 */
export const saleAdjustments = pgTable(
  "sale_adjustments",
  {
    merchantId: merchantRef(),
    /** re_…, du_… or cn_… */
    id: text().notNull(),
    purchaseId: text().notNull(),
    kind: text({ enum: ["refund", "dispute", "credit_note"] }).notNull(),
    /** In the sale's charged terms (tax included), as Stripe reports it. */
    amount: integer().notNull(),
    currency: text().notNull(),
    /** Stripe's status for it (a refund's `failed`, a dispute's `lost`, a credit note's `void`…). */
    status: text().notNull(),
    stage: integer().notNull(),
    /** What it does to the commission now: reduce its base, hold it, or nothing. */
    effect: text({ enum: ["reduces", "holds", "reduces_and_holds", "none"] }).notNull(),
    /** The Stripe event that last changed it. */
    eventId: text(),
    eventType: text(),
    stripeCreatedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    index("sale_adjustments_purchase_idx").on(t.merchantId, t.purchaseId),
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
export type SaleAdjustment = typeof saleAdjustments.$inferSelect;
