import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, merchantRef, tstz } from "./columns";

export const stripeConnections = pgTable(
  "stripe_connections",
  {
    id: text().primaryKey(),
    merchantId: merchantRef(),
    /**
     * oauth: Connect OAuth; calls use the platform key and `stripeAccount`. api_key: the merchant's
     * own restricted (or secret) key on a self-hosted Leadtrail; calls use that key alone, and
     * events arrive at the webhook endpoint Leadtrail created in the account (SPEC §4).
     */
    kind: text({ enum: ["oauth", "api_key"] })
      .notNull()
      .default("oauth"),
    /** The Stripe account: the connected account, or the account the key belongs to. */
    stripeUserId: text().notNull(),
    livemode: boolean().notNull(),
    scope: text().notNull(),
    /** api_key only, AES-256-GCM with ENCRYPTION_KEY; forgotten on disconnect. */
    apiKeyEnc: text(),
    /** api_key only: the endpoint Leadtrail created and its signing secret (encrypted). */
    webhookEndpointId: text(),
    webhookSecretEnc: text(),
    /**
     * Why the connection needs the merchant (the key was revoked, the endpoint deleted), and
     * since when; cleared by reconnecting. Shown on the Stripe app page.
     */
    attentionReason: text({ enum: ["key_revoked", "endpoint_missing"] }),
    attentionAt: tstz(),
    /** AES-256-GCM with ENCRYPTION_KEY; kept, never used for API calls (SPEC §4). */
    accessTokenEnc: text(),
    refreshTokenEnc: text(),
    publishableKey: text(),
    connectedAt: createdAt(),
    disconnectedAt: tstz(),
    disconnectReason: text(),
    /**
     * The merchant's affiliate coupon in this account (SPEC §7), made by Leadtrail from the discount
     * in the Stripe app settings. Per connection: another account needs its own coupon. `spec` is
     * the discount it was made from (a changed discount makes a new coupon, as coupons are
     * immutable); `generation` moves on when the coupon is deleted in Stripe, so the next one is
     * made under a fresh idempotency key.
     */
    affiliateCouponId: text(),
    affiliateCouponSpec: text(),
    affiliateCouponGeneration: integer().notNull().default(0),
    /**
     * The last catch-up on Stripe's events list (SPEC §4): when it ran, how many handled events it
     * found unrecorded, applied and failed (with the first failure), and the high-water mark the
     * next run starts from (held back to the oldest failure, so that event is tried again).
     */
    reconciledAt: tstz(),
    reconcileFound: integer(),
    reconcileApplied: integer(),
    reconcileFailed: integer(),
    reconcileError: text(),
    reconcileHighWater: tstz(),
    /** A running reconciliation's lease: one at a time per connection, whoever starts it. */
    reconcileLockedUntil: tstz(),
    reconcileLockToken: text(),
  },
  (t) => [
    // One live connection per merchant and per Stripe account.
    uniqueIndex("stripe_connections_active_merchant_key")
      .on(t.merchantId)
      .where(sql`${t.disconnectedAt} is null`),
    uniqueIndex("stripe_connections_active_account_key")
      .on(t.stripeUserId)
      .where(sql`${t.disconnectedAt} is null`),
  ],
);

/** OAuth `state`: stored hashed, single-use, 10-minute expiry, bound to merchant and user. */
export const oauthStates = pgTable(
  "oauth_states",
  {
    stateHash: text().primaryKey(),
    merchantId: merchantRef(),
    userId: text().notNull(),
    expiresAt: tstz().notNull(),
    usedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [index("oauth_states_merchant_idx").on(t.merchantId)],
);

/** Every received Stripe event, once by id, recorded in the transaction of its effects. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    merchantId: text(),
    account: text(),
    type: text().notNull(),
    livemode: boolean().notNull(),
    /** skipped: acknowledged but not processed, as no configured key can read it (see `note`). */
    status: text({ enum: ["processed", "ignored", "skipped"] }).notNull(),
    note: text(),
    payload: jsonb().notNull(),
    /** The purchase the event shaped, if any: a purchase page lists its events by it. */
    purchaseId: text(),
    createdAt: tstz().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    index("stripe_events_merchant_idx").on(t.merchantId, t.receivedAt),
    index("stripe_events_purchase_idx")
      .on(t.merchantId, t.purchaseId)
      .where(sql`${t.purchaseId} is not null`),
    // The Stripe app page counts and shows a merchant's skipped events; they are few among many.
    index("stripe_events_skipped_idx").on(t.merchantId, t.receivedAt).where(sql`${t.status} = 'skipped'`),
  ],
);

export const stripeCustomers = pgTable(
  "stripe_customers",
  {
    merchantId: merchantRef(),
    stripeCustomerId: text().notNull(),
    email: text(),
    leadId: text(),
    affiliateId: text(),
    attribution: text({ enum: ["tracking", "coupon", "email", "customer"] }),
    livemode: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.stripeCustomerId] })],
);

/** A discount on a subscription: percent or amount off, from `start`, once, until `end` or forever. */
export interface SubscriptionDiscount {
  id: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: "once" | "repeating" | "forever";
  /** Seconds since the epoch, as Stripe gives them. */
  start: number;
  end: number | null;
}

export const stripeSubscriptions = pgTable(
  "stripe_subscriptions",
  {
    merchantId: merchantRef(),
    stripeSubscriptionId: text().notNull(),
    stripeCustomerId: text().notNull(),
    status: text().notNull(),
    amount: integer(),
    currency: text(),
    interval: text(),
    intervalCount: integer(),
    startedAt: tstz().notNull(),
    /** Stripe's billing cycle: periods start at the anchor, stepped by the interval from it. */
    billingCycleAnchor: tstz(),
    /** The current period as Stripe last reported it (its items' `current_period_start`). */
    currentPeriodStart: tstz(),
    currentPeriodEnd: tstz(),
    /** Periods before the trial's end are the trial's: they never earn. */
    trialEnd: tstz(),
    /** `pause_collection` is set: Stripe bills nothing, so the period earns nothing. */
    collectionPaused: boolean().notNull().default(false),
    cancelAt: tstz(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    endedAt: tstz(),
    /**
     * Dates mode: every period that began up to here has been decided (recorded, or passed over
     * while the subscription was not in good standing), so a later look never back-fills it.
     */
    accruedThrough: tstz(),
    livemode: boolean().notNull(),
    /** When the stored state was read from Stripe: an older read never overwrites it. */
    readAt: tstz(),
    /**
     * The merchant's subscription-tracking setting when the subscription was first seen: its
     * commissions follow paid invoices ("transaction") or billing periods ("dates") for life,
     * so changing the setting never counts a period twice.
     */
    trackingMode: text({ enum: ["transaction", "dates"] })
      .notNull()
      .default("transaction"),
    affiliateId: text(),
    /** The discounts Stripe has on it, as the dates mode prices each billing period with them. */
    data: jsonb().$type<{ discounts: SubscriptionDiscount[] }>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.stripeSubscriptionId] }),
    index("stripe_subscriptions_customer_idx").on(t.merchantId, t.stripeCustomerId),
  ],
);

export type StripeConnection = typeof stripeConnections.$inferSelect;
export type StripeEvent = typeof stripeEvents.$inferSelect;
export type StripeSubscription = typeof stripeSubscriptions.$inferSelect;
