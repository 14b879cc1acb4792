import { and, asc, eq, max, ne, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholder, placeholders, reusable } from "../reusable";
import { commissions, purchases, type StripeSubscription, stripeSubscriptions } from "../schema";

/**
 * Stripe subscriptions as last read from Stripe, with the tracking mode fixed when first seen, and
 * the billing periods of those tracked by start/end dates. Every query is scoped by merchant; the
 * ones every webhook runs are built once (db/reusable.ts): `$name` below is a placeholder.
 */

const $ = sql.placeholder;

const SUBSCRIPTION_FIELDS = {
  stripeCustomerId: "stripe_customer_id",
  status: "status",
  amount: "amount",
  currency: "currency",
  interval: "interval",
  intervalCount: "interval_count",
  startedAt: "started_at",
  billingCycleAnchor: "billing_cycle_anchor",
  currentPeriodStart: "current_period_start",
  currentPeriodEnd: "current_period_end",
  trialEnd: "trial_end",
  collectionPaused: "collection_paused",
  cancelAt: "cancel_at",
  cancelAtPeriodEnd: "cancel_at_period_end",
  endedAt: "ended_at",
  livemode: "livemode",
  readAt: "read_at",
} as const;
type SubscriptionFields = Pick<StripeSubscription, keyof typeof SUBSCRIPTION_FIELDS>;

/** Dates that may be null go as ISO strings: a column's own encoding would choke on null. */
const NULLABLE_DATES = [
  "billingCycleAnchor",
  "currentPeriodStart",
  "currentPeriodEnd",
  "trialEnd",
  "cancelAt",
  "endedAt",
  "readAt",
] as const;

const upsertSubscriptionQuery = reusable("subscription_upsert", (db) =>
  db
    .insert(stripeSubscriptions)
    .values({
      ...placeholders(
        "merchantId",
        "stripeSubscriptionId",
        "trackingMode",
        "data",
        ...(Object.keys(SUBSCRIPTION_FIELDS) as (keyof typeof SUBSCRIPTION_FIELDS)[]),
      ),
      ...Object.fromEntries(NULLABLE_DATES.map((key) => [key, placeholder(key)])),
    })
    .onConflictDoUpdate({
      target: [stripeSubscriptions.merchantId, stripeSubscriptions.stripeSubscriptionId],
      // Stripe's current facts replace the stored ones; the tracking mode stays as first seen,
      // and stored discounts are merged by the caller (setSubscriptionData).
      set: Object.fromEntries(
        Object.entries(SUBSCRIPTION_FIELDS).map(([key, column]) => [key, sql.raw(`excluded.${column}`)]),
      ),
      // Stale reads (docs/ledger.md): a read older than the stored one changes nothing. The
      // conflicting row is locked either way.
      setWhere: sql`${stripeSubscriptions.readAt} is null or ${stripeSubscriptions.readAt} <= excluded.read_at`,
    })
    .returning(),
);

const subscriptionQuery = reusable("subscription_for_update", (db) =>
  db
    .select()
    .from(stripeSubscriptions)
    .where(
      and(
        eq(stripeSubscriptions.merchantId, $("merchantId")),
        eq(stripeSubscriptions.stripeSubscriptionId, $("subscriptionId")),
      ),
    )
    .for("update"),
);

/**
 * Stores a subscription as Stripe has it now and locks its row, unless the stored row was read
 * from Stripe later than this (then it stays, and comes back as stored). `data` is written when
 * the row is new; an existing row's comes back as stored.
 */
export async function upsertSubscription(
  db: Database,
  row: SubscriptionFields &
    Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId" | "trackingMode" | "data">,
) {
  const dates = Object.fromEntries(NULLABLE_DATES.map((key) => [key, row[key]?.toISOString() ?? null]));
  const [stored] = await upsertSubscriptionQuery(db, { ...row, ...dates });
  return stored ?? (await lockSubscription(db, row.merchantId, row.stripeSubscriptionId))!;
}

/** A stored subscription, locked: the first lock any work on its billing periods takes. */
export async function lockSubscription(db: Database, merchantId: string, subscriptionId: string) {
  const [row] = await subscriptionQuery(db, { merchantId, subscriptionId });
  return row ?? null;
}

export async function setSubscriptionData(
  db: Database,
  sub: Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId" | "data">,
) {
  await db
    .update(stripeSubscriptions)
    .set({ data: sub.data })
    .where(
      and(
        eq(stripeSubscriptions.merchantId, sub.merchantId),
        eq(stripeSubscriptions.stripeSubscriptionId, sub.stripeSubscriptionId),
      ),
    );
}

/** Marks the periods that began up to `until` as decided; it only ever moves forward. */
export async function setAccruedThrough(
  db: Database,
  sub: Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId">,
  until: Date,
) {
  await db
    .update(stripeSubscriptions)
    .set({
      accruedThrough: sql`greatest(${stripeSubscriptions.accruedThrough}, ${until.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        eq(stripeSubscriptions.merchantId, sub.merchantId),
        eq(stripeSubscriptions.stripeSubscriptionId, sub.stripeSubscriptionId),
      ),
    );
}

const trackingModeQuery = reusable("subscription_tracking_mode", (db) =>
  db
    .select({ trackingMode: stripeSubscriptions.trackingMode })
    .from(stripeSubscriptions)
    .where(
      and(
        eq(stripeSubscriptions.merchantId, $("merchantId")),
        eq(stripeSubscriptions.stripeSubscriptionId, $("subscriptionId")),
      ),
    ),
);

/** How a stored subscription is tracked (fixed when first seen); null if it is new. */
export async function subscriptionTrackingMode(db: Database, merchantId: string, subscriptionId: string) {
  const [row] = await trackingModeQuery(db, { merchantId, subscriptionId });
  return row?.trackingMode ?? null;
}

/** Dates-tracked subscriptions that were live at some point in the last 400 days. */
export async function listDatesSubscriptions(db: Database) {
  return db
    .select({
      merchantId: stripeSubscriptions.merchantId,
      stripeSubscriptionId: stripeSubscriptions.stripeSubscriptionId,
    })
    .from(stripeSubscriptions)
    .where(
      and(
        eq(stripeSubscriptions.trackingMode, "dates"),
        sql`coalesce(${stripeSubscriptions.endedAt}, ${stripeSubscriptions.cancelAt}, 'infinity') > now() - interval '400 days'`,
      ),
    );
}

/**
 * The billing periods recorded for a dates-tracked subscription, oldest first: one purchase each,
 * keyed `{subscription}:{period start}` (an earlier dates mode's single purchase, keyed by the
 * subscription alone, is not one of them).
 */
export async function listPeriodPurchases(db: Database, merchantId: string, subscriptionId: string) {
  return db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.stripeSubscriptionId, subscriptionId),
        eq(purchases.source, "subscription_period"),
        ne(purchases.stripeId, subscriptionId),
      ),
    )
    .orderBy(asc(purchases.createdAt));
}

/**
 * The last period an earlier dates mode accrued for a subscription (a commission per period on
 * one purchase), so periods it already paid for are not recorded again.
 */
export async function lastLegacyPeriodStart(db: Database, merchantId: string, subscriptionId: string) {
  const [row] = await db
    .select({ start: max(commissions.periodStart) })
    .from(commissions)
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.stripeSubscriptionId, subscriptionId)));
  return row?.start ? new Date(row.start) : null;
}
