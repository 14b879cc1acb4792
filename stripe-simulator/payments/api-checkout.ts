/** Checkout Sessions over HTTP: create, retrieve (expand total_details.breakdown), list, expire. */

import { invalidRequest, resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import {
  applyMetadata,
  arr,
  bool,
  int,
  newestFirst,
  obj,
  objList,
  paginate,
  requiredStr,
  str,
} from "../http/params";
import type { Route } from "../http/router";
import type { Interval } from "../store/objects";
import type { CheckoutLine } from "../store/objects-payments";
import type { SimAccount } from "../store/state";
import { createSession } from "./checkout";

function getSession(account: SimAccount, id: string) {
  const session = account.checkoutSessions.get(id);
  if (!session) throw resourceMissing("checkout.session", id);
  return session;
}

function parseLine(account: SimAccount, item: Params, i: number): CheckoutLine & { currency: string } {
  const name = (key: string) => `line_items[${i}][${key}]`;
  const quantity = int(item, "quantity", name("quantity")) ?? 1;
  const priceId = str(item, "price", name("price"));
  if (priceId) {
    const price = account.prices.get(priceId);
    if (!price) throw resourceMissing("price", priceId, name("price"));
    const productName = account.products.get(price.product) ?? "Product";
    const recurring = price.recurring && {
      interval: price.recurring.interval,
      interval_count: price.recurring.interval_count,
    };
    return {
      name: productName,
      product: price.product,
      unitAmount: price.unit_amount,
      quantity,
      recurring,
      currency: price.currency,
    };
  }
  const data = obj(item, "price_data", name("price_data"));
  if (!data)
    throw invalidRequest(`Missing required param: ${name("price")}.`, name("price"), "parameter_missing");
  const productData = obj(data, "product_data");
  const recurringData = obj(data, "recurring");
  const interval = recurringData && (requiredStr(recurringData, "interval") as Interval);
  return {
    name: (productData && str(productData, "name")) || "Product",
    product: str(data, "product") || `prod_${i}`,
    unitAmount: int(data, "unit_amount", `${name("price_data")}[unit_amount]`) ?? 0,
    quantity,
    recurring: interval
      ? { interval, interval_count: (recurringData && int(recurringData, "interval_count")) ?? 1 }
      : null,
    currency: requiredStr(data, "currency", `${name("price_data")}[currency]`).toLowerCase(),
  };
}

const CREATE_PARAMS = [
  "mode",
  "line_items",
  "success_url",
  "cancel_url",
  "customer",
  "customer_email",
  "customer_creation",
  "invoice_creation",
  "client_reference_id",
  "metadata",
  "discounts",
  "allow_promotion_codes",
  "subscription_data",
  "payment_method_types",
  "payment_intent_data",
  "ui_mode",
  "expires_at",
  "locale",
];

export const checkoutRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/checkout/sessions",
    params: CREATE_PARAMS,
    handle: ({ sim, account, params }) => {
      const mode = requiredStr(params, "mode");
      if (mode !== "payment" && mode !== "subscription") {
        throw invalidRequest(
          `The Stripe simulator supports mode payment and subscription, not ${mode}.`,
          "mode",
        );
      }
      const items = objList(params, "line_items") ?? [];
      if (items.length === 0)
        throw invalidRequest("Missing required param: line_items.", "line_items", "parameter_missing");
      const lines = items.map((item, i) => parseLine(account, item, i));
      const currency = lines[0]?.currency ?? "usd";
      if (lines.some((line) => line.currency !== currency)) {
        throw invalidRequest("All line items must use the same currency.", "line_items");
      }
      if (mode === "subscription" && (lines.length > 1 || !lines[0]?.recurring)) {
        throw invalidRequest(
          "You must provide one recurring price in `subscription` mode (the simulator supports exactly one line item).",
          "line_items",
        );
      }
      if (mode === "payment" && lines.some((line) => line.recurring)) {
        throw invalidRequest(
          "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
          "line_items",
        );
      }
      const discounts = objList(params, "discounts") ?? [];
      const allowPromotionCodes = bool(params, "allow_promotion_codes") ?? false;
      if (discounts.length > 0 && allowPromotionCodes) {
        throw invalidRequest(
          "You may only specify one of these parameters: allow_promotion_codes, discounts.",
          "discounts",
        );
      }
      const customer = str(params, "customer");
      const customerEmail = str(params, "customer_email");
      if (customer && customerEmail) {
        throw invalidRequest(
          "You may only specify one of these parameters: customer, customer_email.",
          "customer",
        );
      }
      if (customer && !account.customers.has(customer))
        throw resourceMissing("customer", customer, "customer");
      const invoiceCreation = bool(obj(params, "invoice_creation") ?? {}, "enabled") ?? false;
      if (invoiceCreation && mode !== "payment") {
        throw invalidRequest(
          "You can only enable invoice creation when `mode` is set to `payment`.",
          "invoice_creation",
        );
      }
      const discount = discounts[0];
      const subscriptionData = obj(params, "subscription_data") ?? {};
      const trialDays = int(subscriptionData, "trial_period_days", "subscription_data[trial_period_days]");
      if (trialDays !== undefined && (mode !== "subscription" || trialDays < 1 || trialDays > 730)) {
        throw invalidRequest(
          "subscription_data[trial_period_days] must be between 1 and 730 in `subscription` mode.",
          "subscription_data[trial_period_days]",
        );
      }
      const intentData = obj(params, "payment_intent_data") ?? {};
      const captureMethod = str(intentData, "capture_method", "payment_intent_data[capture_method]");
      const methodTypes = (arr(params, "payment_method_types") ?? []).map(String);
      return createSession(sim, account, {
        mode,
        lines,
        currency,
        customer: customer || null,
        customerEmail: customerEmail || null,
        clientReferenceId: str(params, "client_reference_id") || null,
        metadata: applyMetadata({}, params),
        successUrl: str(params, "success_url") || null,
        cancelUrl: str(params, "cancel_url") || null,
        preset: discount
          ? {
              promotionCode: str(discount, "promotion_code") || null,
              coupon: str(discount, "coupon") || null,
            }
          : null,
        allowPromotionCodes,
        subscriptionMetadata: applyMetadata({}, subscriptionData),
        customerCreation: str(params, "customer_creation") === "always" ? "always" : "if_required",
        invoiceCreation,
        trialDays: trialDays ?? null,
        captureMethod: captureMethod === "manual" ? "manual" : "automatic",
        paymentMethodType:
          methodTypes.length > 0 && methodTypes.every((t) => t === "us_bank_account")
            ? "us_bank_account"
            : "card",
      });
    },
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions/:id",
    params: [],
    handle: ({ account, path }) => getSession(account, path.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/v1/checkout/sessions/:id/expire",
    params: [],
    handle: ({ account, path }) => {
      const session = getSession(account, path.id ?? "");
      if (session.status !== "open") {
        throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired.`, "session");
      }
      session.status = "expired";
      session.url = null;
      return session;
    },
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions",
    params: [
      "customer",
      "payment_intent",
      "subscription",
      "status",
      "created",
      "limit",
      "starting_after",
      "ending_before",
    ],
    handle: ({ account, params }) => {
      const filters = (["customer", "payment_intent", "subscription", "status"] as const).map(
        (key) => [key, str(params, key)] as const,
      );
      const all = newestFirst(account.checkoutSessions).filter((s) =>
        filters.every(([key, value]) => value === undefined || s[key] === value),
      );
      return paginate(all, params, "/v1/checkout/sessions", "checkout.session");
    },
  },
];
