import type Stripe from "stripe";

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
