/**
 * Redeeming coupons and promotion codes: which one applies, how much it takes off, and the
 * `discount` object that records it (its coupon at `source.coupon`, as the pinned version has it).
 */
import { invalidRequest, resourceMissing } from "../http/errors";
import type { Coupon, Discount, PromotionCode } from "../store/objects";
import type { SimAccount, SimContext } from "../store/state";
import { addInterval } from "../store/time";

export interface Redemption {
  coupon: Coupon;
  promotionCode: PromotionCode | null;
}

/** A promotion code as a customer types it (any case) or by its `promo_` id; it must be active. */
export function redeemPromotionCode(
  account: SimAccount,
  codeOrId: string,
  param = "promotion_code",
): Redemption {
  const promo =
    account.promotionCodes.get(codeOrId) ??
    [...account.promotionCodes.values()].find(
      (p) => p.active && p.code.toLowerCase() === codeOrId.toLowerCase(),
    );
  if (!promo) throw resourceMissing("promotion code", codeOrId, param);
  if (!promo.active) throw invalidRequest(`This promotion code (${promo.code}) is inactive.`, param);
  if (promo.expires_at !== null && promo.expires_at < Date.now() / 1000) {
    throw invalidRequest(`This promotion code (${promo.code}) has expired.`, param);
  }
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) {
    throw invalidRequest(`This promotion code (${promo.code}) has been fully redeemed.`, param);
  }
  return { coupon: redeemCoupon(account, promo.promotion.coupon, param), promotionCode: promo };
}

export function redeemCoupon(account: SimAccount, id: string, param = "coupon"): Coupon {
  const coupon = account.coupons.get(id);
  if (!coupon) throw resourceMissing("coupon", id, param);
  if (!coupon.valid) throw invalidRequest(`Coupon ${id} is no longer valid.`, param);
  return coupon;
}

/** Percent coupons round half-up to the minor unit; amount coupons never exceed the subtotal. */
export function discountAmount(coupon: Coupon, subtotal: number, currency: string): number {
  if (coupon.percent_off !== null) return Math.round((subtotal * coupon.percent_off) / 100);
  if (coupon.amount_off !== null) {
    if (coupon.currency !== currency) {
      throw invalidRequest(`Coupon ${coupon.id} is in ${coupon.currency}; this purchase is in ${currency}.`);
    }
    return Math.min(coupon.amount_off, subtotal);
  }
  return 0;
}

export function createDiscount(
  sim: SimContext,
  account: SimAccount,
  redemption: Redemption,
  refs: {
    start: number;
    customer: string | null;
    subscription?: string | null;
    checkoutSession?: string | null;
  },
): Discount {
  const { coupon, promotionCode } = redemption;
  const discount: Discount = {
    id: sim.newId("di"),
    object: "discount",
    checkout_session: refs.checkoutSession ?? null,
    customer: refs.customer,
    customer_account: null,
    end:
      coupon.duration === "repeating" && coupon.duration_in_months !== null
        ? addInterval(refs.start, "month", coupon.duration_in_months)
        : null,
    invoice: null,
    invoice_item: null,
    promotion_code: promotionCode?.id ?? null,
    source: { coupon: coupon.id, type: "coupon" },
    start: refs.start,
    subscription: refs.subscription ?? null,
    subscription_item: null,
  };
  account.discounts.set(discount.id, discount);
  coupon.times_redeemed += 1;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
    coupon.valid = false;
  if (promotionCode) promotionCode.times_redeemed += 1;
  return discount;
}

/** Whether a subscription's discount still applies to a period starting at `periodStart`. */
export function discountApplies(
  account: SimAccount,
  discount: Discount,
  periodStart: number,
  first: boolean,
): boolean {
  const coupon =
    account.coupons.get(discount.source.coupon) ?? account.deletedCoupons.get(discount.source.coupon);
  if (!coupon) return false;
  if (coupon.duration === "forever") return true;
  if (coupon.duration === "once") return first;
  return discount.end !== null && periodStart < discount.end;
}
