/** Subscriptions: create (one item, paid at once), retrieve, update, cancel (DELETE), list. */

import { type Redemption, redeemCoupon, redeemPromotionCode } from "../coupons/discounts";
import { invalidRequest, resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import {
  applyMetadata,
  bool,
  int,
  newestFirst,
  obj,
  objList,
  paginate,
  requiredStr,
  str,
} from "../http/params";
import type { Route, RouteContext } from "../http/router";
import type { Interval, Subscription } from "../store/objects";
import type { SimAccount } from "../store/state";
import { getCustomer } from "./api-customers";
import { createPrice, startSubscription } from "./billing";
import { cancelImmediately, resumeRenewal, scheduleCancellation } from "./cancellation";

export function getSubscription(account: SimAccount, id: string, param = "id"): Subscription {
  const subscription = account.subscriptions.get(id);
  if (!subscription) throw resourceMissing("subscription", id, param);
  return subscription;
}

const INTERVALS: Interval[] = ["day", "week", "month", "year"];

/** `price` names a stored price; `price_data` makes an ad-hoc one, as Stripe does. */
function itemPrice({ sim, account }: RouteContext, item: Params) {
  const priceId = str(item, "price", "items[0][price]");
  if (priceId) {
    const price = account.prices.get(priceId);
    if (!price) throw resourceMissing("price", priceId, "items[0][price]");
    return price;
  }
  const data = obj(item, "price_data", "items[0][price_data]");
  if (!data)
    throw invalidRequest("Missing required param: items[0][price].", "items[0][price]", "parameter_missing");
  const recurring = obj(data, "recurring", "items[0][price_data][recurring]");
  const interval =
    recurring &&
    (requiredStr(recurring, "interval", "items[0][price_data][recurring][interval]") as Interval);
  if (!recurring || !interval || !INTERVALS.includes(interval)) {
    throw invalidRequest(
      "Invalid items[0][price_data][recurring][interval]",
      "items[0][price_data][recurring][interval]",
    );
  }
  return createPrice(sim, account, {
    currency: requiredStr(data, "currency", "items[0][price_data][currency]").toLowerCase(),
    unitAmount: int(data, "unit_amount", "items[0][price_data][unit_amount]") ?? 0,
    recurring: { interval, interval_count: int(recurring, "interval_count") ?? 1 },
    product: requiredStr(data, "product", "items[0][price_data][product]"),
  });
}

function discountParam(account: SimAccount, params: Params): Redemption | null {
  const entries = objList(params, "discounts") ?? [];
  if (entries.length > 1)
    throw invalidRequest("The Stripe simulator supports one discount per subscription.", "discounts");
  const entry = entries[0];
  if (!entry) return null;
  const promo = str(entry, "promotion_code", "discounts[0][promotion_code]");
  if (promo) return redeemPromotionCode(account, promo, "discounts[0][promotion_code]");
  const coupon = requiredStr(entry, "coupon", "discounts[0][coupon]");
  return { coupon: redeemCoupon(account, coupon, "discounts[0][coupon]"), promotionCode: null };
}

function cancellationInput(params: Params) {
  const details = obj(params, "cancellation_details") ?? {};
  return { comment: str(details, "comment") ?? null, feedback: str(details, "feedback") || null };
}

const CREATE_PARAMS = [
  "customer",
  "items",
  "metadata",
  "discounts",
  "cancel_at_period_end",
  "collection_method",
  "payment_behavior",
  "default_payment_method",
  "description",
  "off_session",
  "proration_behavior",
];

export const subscriptionRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/subscriptions",
    params: CREATE_PARAMS,
    handle: (ctx) => {
      const { sim, account, params } = ctx;
      const customer = getCustomer(account, requiredStr(params, "customer"), "customer");
      const items = objList(params, "items") ?? [];
      const item = items[0];
      if (!item) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
      if (items.length > 1)
        throw invalidRequest("The Stripe simulator supports one subscription item.", "items");
      const result = startSubscription(sim, account, {
        customer,
        price: itemPrice(ctx, item),
        quantity: int(item, "quantity", "items[0][quantity]") ?? 1,
        metadata: applyMetadata({}, params),
        redemption: discountParam(account, params),
      });
      if (bool(params, "cancel_at_period_end")) scheduleCancellation(result.subscription, sim.now(), {});
      return result.subscription;
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions/:id",
    params: [],
    handle: ({ account, path }) => getSubscription(account, path.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/v1/subscriptions/:id",
    params: ["metadata", "cancel_at_period_end", "cancellation_details", "proration_behavior", "description"],
    handle: ({ sim, account, path, params }) => {
      const subscription = getSubscription(account, path.id ?? "");
      const atPeriodEnd = bool(params, "cancel_at_period_end");
      if (atPeriodEnd === true && !subscription.cancel_at_period_end) {
        scheduleCancellation(subscription, sim.now(), cancellationInput(params));
      } else if (atPeriodEnd === false && subscription.cancel_at_period_end) {
        resumeRenewal(subscription);
      }
      subscription.metadata = applyMetadata(subscription.metadata, params);
      return subscription;
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/subscriptions/:id",
    params: ["cancellation_details", "invoice_now", "prorate"],
    handle: ({ sim, account, path, params }) => {
      const subscription = getSubscription(account, path.id ?? "");
      cancelImmediately(subscription, sim.now(), cancellationInput(params));
      return subscription;
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions",
    params: ["customer", "status", "price", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const customer = str(params, "customer");
      // Without a status filter Stripe lists every subscription that is not canceled.
      const status = str(params, "status");
      const price = str(params, "price");
      const all = newestFirst(account.subscriptions).filter(
        (s) =>
          (customer === undefined || s.customer === customer) &&
          (status === "all" || (status === undefined ? s.status !== "canceled" : s.status === status)) &&
          (price === undefined || s.items.data.some((i) => i.price.id === price)),
      );
      return paginate(all, params, "/v1/subscriptions", "subscription");
    },
  },
];
