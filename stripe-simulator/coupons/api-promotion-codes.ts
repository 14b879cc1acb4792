/**
 * Promotion codes, created on a coupon through `promotion: { type: "coupon", coupon }` as the pinned
 * API version requires. A code must be unique among ACTIVE codes regardless of case; an inactive
 * code frees it for reuse.
 */

import { getCustomer } from "../billing/api-customers";
import { invalidRequest, resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, bool, int, newestFirst, obj, paginate, requiredStr, str } from "../http/params";
import type { Route } from "../http/router";
import { randomToken } from "../store/ids";
import type { PromotionCode } from "../store/objects";
import type { SimAccount } from "../store/state";
import { getCoupon } from "./api-coupons";

export function getPromotionCode(account: SimAccount, id: string, param = "id"): PromotionCode {
  const promo = account.promotionCodes.get(id);
  if (!promo) throw resourceMissing("promotion code", id, param);
  return promo;
}

function assertCodeFree(account: SimAccount, code: string, except: string | null): void {
  const taken = [...account.promotionCodes.values()].some(
    (p) => p.active && p.id !== except && p.code.toLowerCase() === code.toLowerCase(),
  );
  if (taken) {
    throw invalidRequest(
      `An active promotion code with \`code: ${code}\` already exists.`,
      "code",
      "resource_already_exists",
    );
  }
}

/** Applies `active` / `metadata`; returns the previous values for an event's previous_attributes. */
export function updatePromotionCode(
  account: SimAccount,
  promo: PromotionCode,
  params: Params,
): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const active = bool(params, "active");
  if (active !== undefined && active !== promo.active) {
    if (active) assertCodeFree(account, promo.code, promo.id);
    previous.active = promo.active;
    promo.active = active;
  }
  if (params.metadata !== undefined) {
    previous.metadata = promo.metadata;
    promo.metadata = applyMetadata(promo.metadata, params);
  }
  return previous;
}

export const promotionCodeRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/promotion_codes",
    params: [
      "promotion",
      "code",
      "active",
      "customer",
      "expires_at",
      "max_redemptions",
      "metadata",
      "restrictions",
    ],
    handle: ({ sim, account, params }) => {
      const promotion = obj(params, "promotion");
      if (!promotion)
        throw invalidRequest("Missing required param: promotion.", "promotion", "parameter_missing");
      const type = requiredStr(promotion, "type", "promotion[type]");
      if (type !== "coupon") throw invalidRequest(`Invalid promotion[type]: ${type}`, "promotion[type]");
      const coupon = getCoupon(
        account,
        requiredStr(promotion, "coupon", "promotion[coupon]"),
        "promotion[coupon]",
      );
      const code = str(params, "code") || randomToken(8, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
      if (!/^[a-zA-Z0-9-]{1,500}$/.test(code)) {
        throw invalidRequest(
          "Invalid code: it may contain only letters (a-z, A-Z), digits (0-9) and dashes (-).",
          "code",
        );
      }
      const active = bool(params, "active") ?? true;
      if (active) assertCodeFree(account, code, null);
      const customer = str(params, "customer");
      if (customer) getCustomer(account, customer, "customer");
      const promo: PromotionCode = {
        id: sim.newId("promo"),
        object: "promotion_code",
        active,
        code,
        created: sim.now(),
        customer: customer || null,
        customer_account: null,
        expires_at: int(params, "expires_at") ?? null,
        livemode: account.livemode,
        max_redemptions: int(params, "max_redemptions") ?? null,
        metadata: applyMetadata({}, params),
        promotion: { coupon: coupon.id, type: "coupon" },
        restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
        times_redeemed: 0,
      };
      account.promotionCodes.set(promo.id, promo);
      return promo;
    },
  },
  {
    method: "GET",
    pattern: "/v1/promotion_codes/:id",
    params: [],
    handle: ({ account, path }) => getPromotionCode(account, path.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/v1/promotion_codes/:id",
    params: ["active", "metadata", "restrictions"],
    handle: ({ account, path, params }) => {
      const promo = getPromotionCode(account, path.id ?? "");
      updatePromotionCode(account, promo, params);
      return promo;
    },
  },
  {
    method: "GET",
    pattern: "/v1/promotion_codes",
    params: ["active", "code", "coupon", "customer", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const active = bool(params, "active");
      const code = str(params, "code")?.toLowerCase();
      const coupon = str(params, "coupon");
      const customer = str(params, "customer");
      const all = newestFirst(account.promotionCodes).filter(
        (p) =>
          (active === undefined || p.active === active) &&
          (code === undefined || p.code.toLowerCase() === code) &&
          (coupon === undefined || p.promotion.coupon === coupon) &&
          (customer === undefined || p.customer === customer),
      );
      return paginate(all, params, "/v1/promotion_codes", "promotion code");
    },
  },
];
