/** Coupons: create (optional custom id), retrieve, update, list, delete. */
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, decimal, int, newestFirst, paginate, str } from "../http/params";
import type { Route } from "../http/router";
import { randomToken } from "../store/ids";
import type { Coupon } from "../store/objects";
import type { SimAccount } from "../store/state";

export function getCoupon(account: SimAccount, id: string, param = "id"): Coupon {
  const coupon = account.coupons.get(id);
  if (!coupon) throw resourceMissing("coupon", id, param);
  return coupon;
}

const DURATIONS = ["once", "repeating", "forever"] as const;

export const couponRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/coupons",
    params: [
      "id",
      "percent_off",
      "amount_off",
      "currency",
      "duration",
      "duration_in_months",
      "name",
      "metadata",
      "max_redemptions",
      "redeem_by",
    ],
    handle: ({ sim, account, params }) => {
      const percentOff = decimal(params, "percent_off");
      const amountOff = int(params, "amount_off");
      if (percentOff !== undefined && amountOff !== undefined) {
        throw invalidRequest(
          "You may only specify one of these parameters: amount_off, percent_off.",
          "amount_off",
        );
      }
      if (percentOff === undefined && amountOff === undefined) {
        throw invalidRequest(
          "You must specify either amount_off or percent_off.",
          "percent_off",
          "parameter_missing",
        );
      }
      if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100)) {
        throw invalidRequest("Invalid percent_off: must be greater than 0 and at most 100.", "percent_off");
      }
      if (amountOff !== undefined && amountOff <= 0) {
        throw invalidRequest("Invalid amount_off: must be greater than 0.", "amount_off");
      }
      const currency = str(params, "currency")?.toLowerCase();
      if (amountOff !== undefined && !currency) {
        throw invalidRequest("Missing required param: currency.", "currency", "parameter_missing");
      }
      const duration = (str(params, "duration") ?? "once") as Coupon["duration"];
      if (!DURATIONS.includes(duration)) {
        throw invalidRequest("Invalid duration: must be one of once, repeating, or forever.", "duration");
      }
      const months = int(params, "duration_in_months");
      if (duration === "repeating" && (months === undefined || months < 1)) {
        throw invalidRequest(
          "Missing required param: duration_in_months.",
          "duration_in_months",
          "parameter_missing",
        );
      }
      const id = str(params, "id") || randomToken(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
      if (account.coupons.has(id))
        throw invalidRequest("Coupon already exists.", "id", "resource_already_exists");
      const coupon: Coupon = {
        id,
        object: "coupon",
        amount_off: amountOff ?? null,
        created: sim.now(),
        currency: amountOff !== undefined ? (currency ?? null) : null,
        duration,
        duration_in_months: duration === "repeating" ? (months ?? null) : null,
        livemode: account.livemode,
        max_redemptions: int(params, "max_redemptions") ?? null,
        metadata: applyMetadata({}, params),
        name: str(params, "name") || null,
        percent_off: percentOff ?? null,
        redeem_by: int(params, "redeem_by") ?? null,
        times_redeemed: 0,
        valid: true,
      };
      account.coupons.set(id, coupon);
      return coupon;
    },
  },
  {
    method: "GET",
    pattern: "/v1/coupons/:id",
    params: [],
    handle: ({ account, path }) => getCoupon(account, path.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/v1/coupons/:id",
    params: ["name", "metadata"],
    handle: ({ account, path, params }) => {
      const coupon = getCoupon(account, path.id ?? "");
      const name = str(params, "name");
      if (name !== undefined) coupon.name = name || null;
      coupon.metadata = applyMetadata(coupon.metadata, params);
      return coupon;
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/coupons/:id",
    params: [],
    handle: ({ account, path }) => {
      const coupon = getCoupon(account, path.id ?? "");
      deleteCoupon(account, coupon);
      return { id: coupon.id, object: "coupon", deleted: true };
    },
  },
  {
    method: "GET",
    pattern: "/v1/coupons",
    params: ["limit", "starting_after", "ending_before", "created"],
    handle: ({ account, params }) => paginate(newestFirst(account.coupons), params, "/v1/coupons", "coupon"),
  },
];

/**
 * A deleted coupon can no longer be redeemed, but promotion codes and discounts that name it keep
 * pointing at it. Its promotion codes keep their `active` flag: an app that recreates the coupon
 * must deactivate or reuse them rather than assume the code is free again.
 */
export function deleteCoupon(account: SimAccount, coupon: Coupon): void {
  account.coupons.delete(coupon.id);
  coupon.valid = false;
  account.deletedCoupons.set(coupon.id, coupon);
}
