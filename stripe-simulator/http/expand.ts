/**
 * `expand[]`: replaces id strings by the objects they name, on a JSON copy of the response.
 * Paths walk through lists (`data.customer`) and nested hashes (`promotion.coupon`). A few
 * properties are "includable" rather than references — Stripe computes them only on request,
 * such as a Checkout Session's `total_details.breakdown`.
 */

import type { SimAccount } from "../store/state";
import { invalidRequest } from "./errors";
import { newestFirst } from "./params";

type Json = Record<string, unknown>;

/** Field name → where the id it holds is looked up. */
const REFERENCES: Record<string, (account: SimAccount, id: string) => unknown> = {
  customer: (a, id) => a.customers.get(id),
  subscription: (a, id) => a.subscriptions.get(id),
  invoice: (a, id) => a.invoices.get(id),
  latest_invoice: (a, id) => a.invoices.get(id),
  charge: (a, id) => a.charges.get(id),
  latest_charge: (a, id) => a.charges.get(id),
  payment_intent: (a, id) => a.paymentIntents.get(id),
  promotion_code: (a, id) => a.promotionCodes.get(id),
  coupon: (a, id) => a.coupons.get(id) ?? a.deletedCoupons.get(id),
  discounts: (a, id) => a.discounts.get(id),
  refund: (a, id) => a.refunds.get(id),
};

const INCLUDABLE: Record<string, Record<string, (account: SimAccount, obj: Json) => unknown>> = {
  "checkout.session": {
    "total_details.breakdown": (account, obj) => {
      const details = account.checkoutDetails.get(String(obj.id));
      const discount = details?.discount;
      return {
        discounts: discount ? [{ amount: details.discountAmount, discount: structuredClone(discount) }] : [],
        taxes: [],
      };
    },
  },
  charge: {
    refunds: (account, obj) => {
      const data = newestFirst(account.refunds).filter((r) => r.charge === obj.id);
      return { object: "list", data, has_more: false, url: `/v1/charges/${obj.id}/refunds` };
    },
  },
  invoice: {
    payments: (account, obj) => {
      const data = newestFirst(account.invoicePayments).filter((p) => p.invoice === obj.id);
      return { object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${obj.id}` };
    },
  },
};

export function applyExpand(account: SimAccount, response: object, paths: string[]): object {
  if (paths.length === 0) return response;
  const copy = structuredClone(response) as Json;
  for (const path of paths) expandPath(account, copy, path.split("."), path);
  return copy;
}

function expandPath(account: SimAccount, node: unknown, segments: string[], full: string): void {
  if (Array.isArray(node)) {
    for (const item of node) expandPath(account, item, segments, full);
    return;
  }
  if (!node || typeof node !== "object") return;
  const obj = node as Json;
  const includable = INCLUDABLE[String(obj.object)]?.[segments.join(".")];
  if (includable) {
    setPath(obj, segments, includable(account, obj));
    return;
  }
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (!(head in obj)) throw cannotExpand(full);
  const value = obj[head];
  const lookup = REFERENCES[head];
  // Like Stripe, a path expands every reference along it (`discounts.source.coupon`).
  if (lookup) {
    const resolve = (id: unknown) =>
      typeof id === "string" ? structuredClone(lookup(account, id) ?? id) : id;
    obj[head] = Array.isArray(value) ? value.map(resolve) : resolve(value);
  }
  if (rest.length > 0) {
    expandPath(account, obj[head], rest, full);
    return;
  }
  if (!lookup && (value === null || typeof value !== "object")) throw cannotExpand(full);
}

function setPath(obj: Json, segments: string[], value: unknown): void {
  let node = obj;
  segments.slice(0, -1).forEach((segment) => {
    if (!node[segment] || typeof node[segment] !== "object") node[segment] = {};
    node = node[segment] as Json;
  });
  node[segments[segments.length - 1] ?? ""] = value;
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, "expand");
}
