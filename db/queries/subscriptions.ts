import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholder, placeholders, reusable } from "../reusable";
import { type StripeSubscription, stripeSubscriptions } from "../schema";

/**
 * Stripe subscriptions as last read from Stripe, with the tracking mode fixed when first seen. Every query is scoped by merchant; the ones every
 * webhook runs are built once (db/reusable.ts): `$name` below is a placeholder.
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
  currentPeriodEnd: "current_period_end",
  cancelAt: "cancel_at",
  endedAt: "ended_at",
  livemode: "livemode",
} as const;
type SubscriptionFields = Pick<StripeSubscription, keyof typeof SUBSCRIPTION_FIELDS>;

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
      // Dates that may be null go as ISO strings: a column's own encoding would choke on null.
      currentPeriodEnd: placeholder("currentPeriodEnd"),
      cancelAt: placeholder("cancelAt"),
      endedAt: placeholder("endedAt"),
    })
    .onConflictDoUpdate({
      target: [stripeSubscriptions.merchantId, stripeSubscriptions.stripeSubscriptionId],
      // Stripe's current facts replace the stored ones; the tracking mode stays as first seen,
      // and stored discounts are merged by the caller (setSubscriptionData).
      set: Object.fromEntries(
        Object.entries(SUBSCRIPTION_FIELDS).map(([key, column]) => [key, sql.raw(`excluded.${column}`)]),
      ),
    })
    .returning(),
);

/**
 * Stores a subscription as Stripe has it now and locks its row. `data` is written when the
 * row is new; an existing row's comes back as stored.
 */
export async function upsertSubscription(
  db: Database,
  row: SubscriptionFields &
    Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId" | "trackingMode" | "data">,
) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const [stored] = await upsertSubscriptionQuery(db, {
    ...row,
    currentPeriodEnd: iso(row.currentPeriodEnd),
    cancelAt: iso(row.cancelAt),
    endedAt: iso(row.endedAt),
  });
  return stored!;
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
    .select()
    .from(stripeSubscriptions)
    .where(
      and(
        eq(stripeSubscriptions.trackingMode, "dates"),
        sql`coalesce(${stripeSubscriptions.endedAt}, ${stripeSubscriptions.cancelAt}, 'infinity') > now() - interval '400 days'`,
      ),
    );
}
