/**
 * Prices and subscriptions, shared by the API and the scenario helpers: starting a subscription
 * (with its first invoice, $0 during a trial), renewing it period by period (a declined card
 * leaves it past_due), ending its trial, pausing and resuming it.
 */
import { createDiscount, type Redemption } from "../coupons/discounts";
import { invalidRequest } from "../http/errors";
import type { Customer, Discount, Interval, Metadata, Price, Subscription } from "../store/objects";
import type { SimAccount, SimContext } from "../store/state";
import { addInterval } from "../store/time";
import { firstItem, issueInvoice, type PaidInvoice } from "./invoices";

export interface PriceInput {
  currency: string;
  unitAmount: number;
  recurring: { interval: Interval; interval_count: number } | null;
  product?: string;
  productName?: string;
}

export function createPrice(sim: SimContext, account: SimAccount, input: PriceInput): Price {
  const product = input.product ?? sim.newId("prod");
  if (!account.products.has(product)) account.products.set(product, input.productName ?? "Subscription");
  const price: Price = {
    id: sim.newId("price"),
    object: "price",
    active: true,
    currency: input.currency,
    product,
    recurring: input.recurring && {
      ...input.recurring,
      meter: null,
      usage_type: "licensed",
      trial_period_days: null,
    },
    type: input.recurring ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
  };
  account.prices.set(price.id, price);
  return price;
}

export interface StartSubscriptionInput {
  customer: Customer;
  price: Price;
  quantity: number;
  metadata: Metadata;
  redemption: Redemption | null;
  checkoutSession?: string | null;
  created?: number;
  /** `trial_period_days`: status trialing, a $0 first invoice, billing from the trial's end. */
  trialDays?: number | null;
}

const DAY = 86_400;

export function startSubscription(
  sim: SimContext,
  account: SimAccount,
  input: StartSubscriptionInput,
): PaidInvoice & { subscription: Subscription; discount: Discount | null } {
  const { price, customer } = input;
  if (!price.recurring) throw invalidRequest(`Price ${price.id} is not recurring.`, "items");
  const created = input.created ?? sim.now();
  const id = sim.newId("sub");
  const trialEnd = input.trialDays ? created + input.trialDays * DAY : null;
  const periodEnd =
    trialEnd ?? addInterval(created, price.recurring.interval, price.recurring.interval_count);
  const discount =
    input.redemption &&
    createDiscount(sim, account, input.redemption, {
      start: created,
      customer: customer.id,
      subscription: id,
      checkoutSession: input.checkoutSession ?? null,
    });
  const subscription: Subscription = {
    id,
    object: "subscription",
    // Stripe anchors billing at the start, or at the trial's end when there is one.
    billing_cycle_anchor: trialEnd ?? created,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created,
    currency: price.currency,
    customer: customer.id,
    discounts: discount ? [discount.id] : [],
    ended_at: null,
    items: {
      data: [
        {
          id: sim.newId("si"),
          object: "subscription_item",
          created,
          current_period_end: periodEnd,
          current_period_start: created,
          discounts: [],
          metadata: {},
          price: structuredClone(price),
          quantity: input.quantity,
          subscription: id,
        },
      ],
      has_more: false,
      object: "list",
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: account.livemode,
    metadata: input.metadata,
    pause_collection: null,
    start_date: created,
    status: trialEnd ? "trialing" : "active",
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: trialEnd ? created : null,
  };
  account.subscriptions.set(id, subscription);
  // The first invoice covers the moment of creation; its line covers the first period.
  const paid = issueInvoice(sim, account, subscription, "subscription_create", created, created, created, {
    trial: trialEnd !== null,
  });
  return { subscription, discount, ...paid };
}

/**
 * Advances the period by one interval and bills the `subscription_cycle` invoice for it; a
 * declined card leaves the invoice open and the subscription past_due. The end of a trial is
 * the same step from `trialing`.
 */
export function renewSubscription(
  sim: SimContext,
  account: SimAccount,
  subscription: Subscription,
  opts: { fail?: boolean; trialEnd?: boolean } = {},
): PaidInvoice & { previous: Record<string, unknown> } {
  const allowed = opts.trialEnd ? ["trialing"] : ["active", "past_due"];
  if (!allowed.includes(subscription.status))
    throw new Error(`Stripe simulator: subscription ${subscription.id} is ${subscription.status}`);
  if (subscription.cancel_at_period_end) {
    throw new Error(
      `Subscription ${subscription.id} is set to cancel at period end; end it instead of renewing`,
    );
  }
  const previous: Record<string, unknown> = {
    items: structuredClone(subscription.items),
    latest_invoice: subscription.latest_invoice,
  };
  if (opts.trialEnd) previous.status = "trialing";
  const item = firstItem(subscription);
  const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
  const oldStart = item.current_period_start;
  const newStart = item.current_period_end;
  item.current_period_start = newStart;
  item.current_period_end = addInterval(newStart, recurring.interval, recurring.interval_count);
  if (opts.trialEnd) subscription.status = "active";
  // Stripe bills a cycle when the new period begins; the invoice's own period is the one that ended.
  const paid = issueInvoice(sim, account, subscription, "subscription_cycle", newStart, oldStart, newStart, {
    fail: opts.fail,
  });
  return { ...paid, previous };
}

/** The invoice's payment failed: Stripe marks the subscription past_due and retries later. */
export function markPastDue(subscription: Subscription): Record<string, unknown> | null {
  if (subscription.status === "past_due") return null;
  const previous = { status: subscription.status };
  subscription.status = "past_due";
  return previous;
}

/** A paid invoice brings a past_due subscription back to active. */
export function markActive(subscription: Subscription): Record<string, unknown> | null {
  if (subscription.status !== "past_due" && subscription.status !== "unpaid") return null;
  const previous = { status: subscription.status };
  subscription.status = "active";
  return previous;
}

/**
 * status "paused": what Stripe does when a trial ends without a payment method and
 * trial_settings.end_behavior.missing_payment_method is "pause" — no invoice is created.
 */
export function pauseAtTrialEnd(subscription: Subscription): Record<string, unknown> {
  if (subscription.status !== "trialing")
    throw new Error(
      `Stripe simulator: only a trialing subscription pauses at its trial end (${subscription.id})`,
    );
  const previous = {
    status: subscription.status,
    trial_settings: structuredClone(subscription.trial_settings),
  };
  subscription.status = "paused";
  subscription.trial_settings.end_behavior.missing_payment_method = "pause";
  return previous;
}

/** pause_collection: the subscription stays active; its invoices are voided (or kept/uncollectible). */
export function pauseCollection(
  subscription: Subscription,
  behavior: NonNullable<Subscription["pause_collection"]>["behavior"],
  resumesAt: number | null,
): Record<string, unknown> {
  if (subscription.status === "canceled")
    throw invalidRequest(`Subscription ${subscription.id} is canceled.`, "pause_collection");
  const previous = { pause_collection: subscription.pause_collection };
  subscription.pause_collection = { behavior, resumes_at: resumesAt };
  return previous;
}

export function resumeCollection(subscription: Subscription): Record<string, unknown> {
  const previous = { pause_collection: structuredClone(subscription.pause_collection) };
  subscription.pause_collection = null;
  return previous;
}

/**
 * POST /v1/subscriptions/:id/resume on a paused subscription (billing_cycle_anchor "now"): a new
 * period starts at once and is billed like a cycle.
 */
export function resumePaused(
  sim: SimContext,
  account: SimAccount,
  subscription: Subscription,
  created: number,
): PaidInvoice & { previous: Record<string, unknown> } {
  if (subscription.status !== "paused")
    throw invalidRequest(`Subscription ${subscription.id} is not paused.`, "subscription");
  const previous = {
    status: subscription.status,
    billing_cycle_anchor: subscription.billing_cycle_anchor,
    items: structuredClone(subscription.items),
    latest_invoice: subscription.latest_invoice,
  };
  const item = firstItem(subscription);
  const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
  subscription.status = "active";
  subscription.billing_cycle_anchor = created;
  item.current_period_start = created;
  item.current_period_end = addInterval(created, recurring.interval, recurring.interval_count);
  const paid = issueInvoice(sim, account, subscription, "subscription_cycle", created, created, created);
  return { ...paid, previous };
}
