import type Stripe from "stripe";
import type { Database } from "@/db";
import { findAffiliateById } from "@/db/queries/affiliates";
import { insertPeriodCommission } from "@/db/queries/commissions";
import { setLeadsCancellation } from "@/db/queries/customers";
import { getMerchant } from "@/db/queries/merchants";
import { lockSalePurchase } from "@/db/queries/purchases";
import { listDatesSubscriptions, setSubscriptionData, upsertSubscription } from "@/db/queries/subscriptions";
import type { Merchant, Purchase, SubscriptionDiscount, stripeSubscriptions } from "@/db/schema";
import { addMonths, commissionFor, earnsCommission, effectivePlan, holdUntil } from "@/lib/commissions/plan";
import { newId } from "@/lib/ids";
import { hintsForSubscription, subscriptionCheckoutSessionIds } from "./hints";
import { recordSale } from "./record-sale";
import {
  fromSeconds,
  idOf,
  mergeDiscounts,
  periodAmount,
  SUBSCRIPTION_READ,
  subscriptionAmount,
  subscriptionDiscounts,
  subscriptionInterval,
  subscriptionPeriodEnd,
} from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";

type SubscriptionRow = typeof stripeSubscriptions.$inferSelect;

/**
 * Stores the subscription as Stripe has it now. Payloads can arrive out of order, so the
 * current object is fetched rather than trusting the event's copy. The tracking mode is
 * fixed when the subscription is first seen (the upsert never updates it).
 */
export async function syncSubscription(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  subscriptionId: string,
): Promise<SubscriptionRow> {
  const sub = await stripe.retrieveSubscription(subscriptionId, SUBSCRIPTION_READ);
  const { amount, currency } = subscriptionAmount(sub);
  const { interval, intervalCount } = subscriptionInterval(sub);
  const fields = {
    stripeCustomerId: idOf(sub.customer) ?? "",
    status: sub.status,
    amount,
    currency,
    interval,
    intervalCount,
    startedAt: fromSeconds(sub.start_date) ?? new Date(),
    currentPeriodEnd: subscriptionPeriodEnd(sub),
    cancelAt: fromSeconds(sub.cancel_at),
    endedAt: fromSeconds(sub.ended_at),
    livemode: sub.livemode,
    data: { discounts: subscriptionDiscounts(sub) },
  };
  // The subscription's row first (the upsert locks it), then its customer's leads: one order
  // for every transaction that touches both.
  let row = await upsertSubscription(db, {
    merchantId: merchant.id,
    stripeSubscriptionId: sub.id,
    trackingMode: merchant.trackSubscriptionsByTransaction ? "transaction" : "dates",
    ...fields,
  });
  if (row.trackingMode === "dates") row = await keepDiscounts(db, row, fields.data.discounts);
  const cancelled = fields.endedAt ?? fields.cancelAt ?? (fields.status === "canceled" ? new Date() : null);
  await setLeadsCancellation(db, {
    merchantId: merchant.id,
    stripeCustomerId: fields.stripeCustomerId,
    cancelledAt: cancelled,
  });
  if (row.trackingMode === "dates") await startDatesTracking(db, merchant, stripe, sub, row);
  return row;
}

/** Dates mode prices periods with the discounts, including those Stripe no longer lists. */
async function keepDiscounts(db: Database, row: SubscriptionRow, current: SubscriptionDiscount[]) {
  const stored = row.data?.discounts ?? [];
  const discounts = mergeDiscounts(stored, current, Math.floor(Date.now() / 1000));
  if (JSON.stringify(discounts) === JSON.stringify(stored)) return row;
  const updated = { ...row, data: { discounts } };
  await setSubscriptionData(db, updated);
  return updated;
}

/** Dates mode: the subscription's start is the purchase; periods accrue commissions. */
async function startDatesTracking(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  sub: Stripe.Subscription,
  row: SubscriptionRow,
) {
  const { purchase } = await recordSale(
    db,
    merchant,
    {
      stripeId: sub.id,
      aliases: await subscriptionCheckoutSessionIds(stripe, sub.id),
      source: "subscription_period",
      amount: periodAmountOf(row, { start: row.startedAt, previousStart: null }),
      currency: row.currency ?? sub.currency,
      livemode: sub.livemode,
      at: row.startedAt,
      subscriptionId: sub.id,
    },
    () => hintsForSubscription(stripe, sub),
  );
  await accrueSubscriptionPeriods(db, merchant, row, purchase, new Date());
}

export function nextPeriod(start: Date, interval: string, count: number): Date {
  if (interval === "year") return addMonths(start, 12 * count);
  if (interval === "month") return addMonths(start, count);
  const days = interval === "week" ? 7 * count : count;
  return new Date(start.getTime() + days * 86_400_000);
}

const MAX_PERIODS = 1_000;

/**
 * One commission per billing period that has started before `now` and before the
 * subscription's end, whether or not a charge event arrived. Unique on (subscription,
 * period start), so running it again, or concurrently, adds nothing twice.
 */
export async function accrueSubscriptionPeriods(
  db: Database,
  merchant: Merchant,
  sub: SubscriptionRow,
  purchase: Purchase,
  now: Date,
): Promise<number> {
  if (!purchase.affiliateId || purchase.selfReferral || !sub.amount) return 0;
  const affiliate = await findAffiliateById(db, merchant.id, purchase.affiliateId);
  if (!affiliate || affiliate.status === "inactive") return 0;
  const plan = effectivePlan(merchant, affiliate);
  const end = sub.endedAt ?? sub.cancelAt;
  let created = 0;
  let start = sub.startedAt;
  let previousStart: Date | null = null;
  // Only charged periods are payments: after a free first month, the second is the first payment.
  let payments = 0;
  let firstPaymentAt: Date | null = null;
  for (let index = 0; index < MAX_PERIODS && start < now && (!end || start < end); index++) {
    const charged = periodAmountOf(sub, { start, previousStart });
    const amount = commissionFor(plan, charged, sub.currency ?? purchase.currency).amount;
    const earns =
      charged > 0 && earnsCommission(plan, { priorPayments: payments, firstPaymentAt, paidAt: start });
    if (charged > 0) {
      payments++;
      firstPaymentAt ??= start;
    }
    if (earns && amount > 0) {
      const dueAt = holdUntil(start, plan.holdDays);
      created += await insertPeriodCommission(db, {
        id: newId("com"),
        merchantId: merchant.id,
        affiliateId: affiliate.id,
        purchaseId: purchase.id,
        amount,
        grossAmount: amount,
        currency: sub.currency ?? purchase.currency,
        status: dueAt <= now ? "due" : "pending",
        periodStart: start,
        stripeSubscriptionId: sub.stripeSubscriptionId,
        dueAt,
        livemode: sub.livemode,
        createdAt: start,
      });
    }
    previousStart = start;
    start = nextPeriod(start, sub.interval ?? "month", sub.intervalCount ?? 1);
  }
  return created;
}

/** What one billing period of a stored subscription is charged, its discounts netted. */
function periodAmountOf(sub: SubscriptionRow, period: { start: Date; previousStart: Date | null }) {
  return periodAmount(sub.amount ?? 0, sub.currency ?? "", sub.data?.discounts ?? [], period);
}

/** Scheduled: periods that have begun since the last run, for every dates-mode subscription. */
export async function accrueAllSubscriptionPeriods(db: Database, now = new Date()): Promise<number> {
  const rows = await listDatesSubscriptions(db);
  let created = 0;
  for (const sub of rows) {
    created += await db.transaction(async (tx) => {
      const merchant = await getMerchant(tx, sub.merchantId);
      const purchase = await lockSalePurchase(tx, sub.merchantId, { stripeId: sub.stripeSubscriptionId });
      return merchant && purchase ? accrueSubscriptionPeriods(tx, merchant, sub, purchase, now) : 0;
    });
  }
  return created;
}
