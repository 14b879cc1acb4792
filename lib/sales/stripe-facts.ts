import type Stripe from "stripe";
import type { SubscriptionDiscount } from "@/db/schema";
import { addMonths, mulDivHalfUp } from "@/lib/commissions/plan";

/** Pure readers of Stripe payloads at the pinned API version (see stripe-fixtures/). */

export const TRACKING_METADATA_KEY = "leadtrail_tid";

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

export const fromSeconds = (seconds: number | null | undefined): Date | null =>
  seconds == null ? null : new Date(seconds * 1000);

export function trackingIdIn(metadata: Stripe.Metadata | null | undefined): string | null {
  const value = metadata?.[TRACKING_METADATA_KEY];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** An invoice's subscription moved under `parent.subscription_details` in recent API versions. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription ?? null);
}

/** What the customer actually paid, net of tax where Stripe reports it (discounts are already out). */
export function invoiceNetAmount(invoice: Stripe.Invoice): number {
  const tax = (invoice.total_taxes ?? []).reduce((sum, t) => sum + (t.amount ?? 0), 0);
  return Math.max(0, invoice.amount_paid - tax);
}

export function sessionNetAmount(session: Stripe.Checkout.Session): number {
  return Math.max(0, (session.amount_total ?? 0) - (session.total_details?.amount_tax ?? 0));
}

/** Promotion code ids on expanded discounts (invoice, session breakdown or subscription). */
export function promotionCodeIds(
  discounts: (string | Stripe.Discount | Stripe.DeletedDiscount)[] | null | undefined,
) {
  const ids: string[] = [];
  for (const d of discounts ?? []) {
    if (typeof d === "string") continue;
    const promo = idOf((d as Stripe.Discount).promotion_code ?? null);
    if (promo) ids.push(promo);
  }
  return ids;
}

export function subscriptionAmount(subscription: Stripe.Subscription): { amount: number; currency: string } {
  let amount = 0;
  for (const item of subscription.items.data) amount += (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
  return { amount, currency: subscription.currency };
}

/** Subscriptions are read with their discounts' coupons, which set what each period is charged. */
export const SUBSCRIPTION_READ: Stripe.SubscriptionRetrieveParams = { expand: ["discounts.source.coupon"] };

export function subscriptionDiscounts(subscription: Stripe.Subscription): SubscriptionDiscount[] {
  const discounts: SubscriptionDiscount[] = [];
  for (const d of subscription.discounts ?? []) {
    const coupon = typeof d === "string" ? null : d.source?.coupon;
    if (!coupon || typeof coupon === "string" || typeof d === "string") continue;
    const duration = coupon.duration as string;
    if (duration !== "once" && duration !== "repeating" && duration !== "forever") continue;
    discounts.push({
      id: d.id,
      percentOff: coupon.percent_off,
      amountOff: coupon.amount_off,
      currency: coupon.currency,
      duration,
      start: d.start,
      end: d.end,
    });
  }
  return discounts;
}

/**
 * The discounts to keep for a subscription: Stripe's current ones, and those it has since
 * dropped (a used or expired discount, or one the merchant removed) — ended by `now` at the
 * latest, a once discount as it was — so periods accrued late are priced as they were charged.
 */
export function mergeDiscounts(
  stored: SubscriptionDiscount[],
  current: SubscriptionDiscount[],
  now: number,
): SubscriptionDiscount[] {
  const gone = stored
    .filter((d) => !current.some((c) => c.id === d.id))
    .map((d) => (d.duration === "once" ? d : { ...d, end: Math.min(d.end ?? now, now) }));
  return [...current, ...gone];
}

/** A minute's leeway: a discount applied with the subscription starts with its first period. */
const SAME_MOMENT_MS = 60_000;

/**
 * What a billing period is charged: the list amount less each discount that covers it — from
 * the period it was applied in, for that period only (once), until its end (repeating, or one
 * since removed) or for good. `previousStart` is the period before's start (null for the first).
 */
export function periodAmount(
  amount: number,
  currency: string,
  discounts: SubscriptionDiscount[],
  period: { start: Date; previousStart: Date | null },
): number {
  let total = amount;
  const start = period.start.getTime();
  for (const d of discounts) {
    const from = d.start * 1000 - SAME_MOMENT_MS;
    if (start < from || (d.end !== null && start >= d.end * 1000)) continue;
    const once = d.duration === "once";
    if (once && period.previousStart !== null && period.previousStart.getTime() >= from) continue;
    if (d.percentOff !== null) total -= mulDivHalfUp(amount, Math.round(d.percentOff * 100), 10_000);
    else if (d.amountOff !== null && d.currency === currency) total -= d.amountOff;
  }
  return Math.max(0, total);
}

export function subscriptionInterval(subscription: Stripe.Subscription) {
  const recurring = subscription.items.data[0]?.price.recurring;
  return { interval: recurring?.interval ?? "month", intervalCount: recurring?.interval_count ?? 1 };
}

export function subscriptionPeriodEnd(subscription: Stripe.Subscription): Date | null {
  const ends = subscription.items.data.map((i) => i.current_period_end).filter((n): n is number => !!n);
  return ends.length ? fromSeconds(Math.max(...ends)) : null;
}

export function customerEmailOf(customer: Stripe.Customer | Stripe.DeletedCustomer | null): string | null {
  return customer && !("deleted" in customer && customer.deleted)
    ? ((customer as Stripe.Customer).email ?? null)
    : null;
}

/**
 * Payment methods whose charges settle days after they are made (Stripe's "delayed
 * notification" methods): their sale is dated when the success event says they settled.
 */
const DELAYED_METHODS = new Set([
  "ach_debit",
  "acss_debit",
  "au_becs_debit",
  "bacs_debit",
  "boleto",
  "customer_balance",
  "konbini",
  "multibanco",
  "oxxo",
  "pay_by_bank",
  "sepa_debit",
  "sofort",
  "us_bank_account",
]);

export function settlesLater(charge: Stripe.Charge): boolean {
  return DELAYED_METHODS.has(charge.payment_method_details?.type ?? "");
}

/**
 * A charge's refunds to the customer, without what Stripe released of an authorisation: the
 * uncaptured rest of a partial capture (the charge's oldest refund, for exactly that rest) and
 * an authorisation that expired uncaptured.
 */
export function customerRefunds(charge: Stripe.Charge, refunds: Stripe.Refund[]): Stripe.Refund[] {
  const rest = charge.captured ? charge.amount - charge.amount_captured : 0;
  const oldest = [...refunds].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))[0];
  const release = rest > 0 && oldest?.amount === rest && oldest.status === "succeeded" ? oldest.id : null;
  return refunds.filter((r) => r.id !== release && r.reason !== "expired_uncaptured_charge");
}

/** Stripe's subscription facts that set its billing periods, as the dates mode stores them. */
export function subscriptionCycle(subscription: Stripe.Subscription) {
  const starts = subscription.items.data.map((i) => i.current_period_start).filter((n): n is number => !!n);
  return {
    billingCycleAnchor: fromSeconds(subscription.billing_cycle_anchor),
    currentPeriodStart: starts.length ? fromSeconds(Math.max(...starts)) : null,
    trialEnd: fromSeconds(subscription.trial_end),
    collectionPaused: !!subscription.pause_collection,
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? false,
  };
}

const DAY_MS = 86_400_000;

/** A period's nominal length: what "near the same start" and look-ahead bounds are measured in. */
export function nominalPeriodMs(interval: string, count: number): number {
  const days = interval === "year" ? 365 : interval === "month" ? 30 : interval === "week" ? 7 : 1;
  return days * Math.max(1, count) * DAY_MS;
}

/** The longest a period of this interval can be, so an estimate of how many fit never overshoots. */
function longestPeriodMs(interval: string, count: number): number {
  const days = interval === "year" ? 366 : interval === "month" ? 31 : interval === "week" ? 7 : 1;
  return days * Math.max(1, count) * DAY_MS;
}

/**
 * The start of the `n`th billing period after the anchor. Computed from the anchor itself, so a
 * month keeps the anchor's day (clamped to the month's last day: Jan 31 → Feb 28 → Mar 31),
 * never the previous period's clamped day, as Stripe bills it.
 */
export function anchoredPeriodStart(anchor: Date, interval: string, count: number, n: number): Date {
  const step = Math.max(1, count) * n;
  if (interval === "year") return addMonths(anchor, 12 * step);
  if (interval === "month") return addMonths(anchor, step);
  const days = interval === "week" ? 7 : 1;
  return new Date(anchor.getTime() + days * step * DAY_MS);
}

/** The starts on the anchor's cycle that fall after `after` and at or before `until`, in order. */
export function anchoredPeriodStarts(
  anchor: Date,
  interval: string,
  count: number,
  after: Date,
  until: Date,
  max = 1_000,
): Date[] {
  const starts: Date[] = [];
  const skip = Math.floor((after.getTime() - anchor.getTime()) / longestPeriodMs(interval, count)) - 1;
  for (let n = Math.max(0, skip); starts.length < max; n++) {
    const start = anchoredPeriodStart(anchor, interval, count, n);
    if (start > until) break;
    if (start > after) starts.push(start);
  }
  return starts;
}

/**
 * The billing period an invoice bills: the start of its subscription line (not a proration's),
 * as Stripe bills a cycle when its period begins.
 */
export function invoicePeriodStart(invoice: Stripe.Invoice): Date | null {
  const lines = invoice.lines?.data ?? [];
  const line =
    lines.find(
      (l) => l.parent?.type === "subscription_item_details" && !l.parent.subscription_item_details?.proration,
    ) ?? lines[0];
  return fromSeconds(line?.period?.start ?? null);
}
