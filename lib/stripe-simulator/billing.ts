/**
 * Prices and subscriptions, shared by the API and the scenario helpers: starting a subscription
 * (with its first invoice) and renewing it period by period.
 */
import { createDiscount, type Redemption } from "./discounts";
import { invalidRequest } from "./errors";
import { firstItem, issueInvoice, type PaidInvoice } from "./invoices";
import type { Customer, Discount, Interval, Metadata, Price, Subscription } from "./objects";
import type { SimAccount, SimContext } from "./state";
import { addInterval } from "./time";

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
}

export function startSubscription(
  sim: SimContext,
  account: SimAccount,
  input: StartSubscriptionInput,
): PaidInvoice & { subscription: Subscription; discount: Discount | null } {
  const { price, customer } = input;
  if (!price.recurring) throw invalidRequest(`Price ${price.id} is not recurring.`, "items");
  const created = input.created ?? sim.now();
  const id = sim.newId("sub");
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
          current_period_end: addInterval(created, price.recurring.interval, price.recurring.interval_count),
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
    start_date: created,
    status: "active",
    trial_end: null,
    trial_start: null,
  };
  account.subscriptions.set(id, subscription);
  // The first invoice covers the moment of creation; its line covers the first period.
  const paid = issueInvoice(sim, account, subscription, "subscription_create", created, created, created);
  return { subscription, discount, ...paid };
}

/** Advances the period by one interval and pays the `subscription_cycle` invoice for it. */
export function renewSubscription(
  sim: SimContext,
  account: SimAccount,
  subscription: Subscription,
): PaidInvoice & { previous: Record<string, unknown> } {
  if (subscription.status !== "active")
    throw new Error(`Subscription ${subscription.id} is ${subscription.status}`);
  if (subscription.cancel_at_period_end) {
    throw new Error(
      `Subscription ${subscription.id} is set to cancel at period end; end it instead of renewing`,
    );
  }
  const previous = {
    items: structuredClone(subscription.items),
    latest_invoice: subscription.latest_invoice,
  };
  const item = firstItem(subscription);
  const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
  const oldStart = item.current_period_start;
  const newStart = item.current_period_end;
  item.current_period_start = newStart;
  item.current_period_end = addInterval(newStart, recurring.interval, recurring.interval_count);
  // Stripe bills a cycle when the new period begins; the invoice's own period is the one that ended.
  const paid = issueInvoice(sim, account, subscription, "subscription_cycle", newStart, oldStart, newStart);
  return { ...paid, previous };
}
