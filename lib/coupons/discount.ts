import type Stripe from "stripe";
import { z } from "zod";
import type { Merchant } from "@/db/schema";
import { formatMoney } from "@/lib/format";
import { currencyCode } from "@/lib/money";

/**
 * The discount the merchant's affiliate coupon gives (Stripe app settings, SPEC §7): percent in
 * basis points or an amount in minor units, for one invoice, N months, or forever.
 */
export const couponDiscountSchema = z
  .object({
    discountType: z.enum(["percent", "amount"]),
    percentOffBps: z.coerce
      .number()
      .int("Percent off may have at most two decimals")
      .min(1, "Percent off must be more than 0% and at most 100%")
      .max(10_000, "Percent off must be more than 0% and at most 100%")
      .nullable(),
    amountOff: z.coerce
      .number()
      .int("Amount off must be in minor units (cents)")
      .min(1, "Amount off must be more than 0")
      .max(100_000_000, "Amount off is too large")
      .nullable(),
    currency: currencyCode.nullable(),
    duration: z.enum(["once", "repeating", "forever"]),
    durationMonths: z.coerce
      .number()
      .int()
      .min(1, "Months must be between 1 and 36")
      .max(36, "Months must be between 1 and 36")
      .nullable(),
  })
  .refine((d) => d.discountType !== "percent" || d.percentOffBps !== null, {
    message: "Enter the percent off",
    path: ["percentOffBps"],
  })
  .refine((d) => d.discountType !== "amount" || (d.amountOff !== null && d.currency !== null), {
    message: "Enter the amount off and its currency",
    path: ["amountOff"],
  })
  .refine((d) => d.duration !== "repeating" || d.durationMonths !== null, {
    message: "Enter the number of months",
    path: ["durationMonths"],
  });

export type CouponDiscount = z.infer<typeof couponDiscountSchema>;

export function discountOf(merchant: Merchant): CouponDiscount {
  return {
    discountType: merchant.couponDiscountType,
    percentOffBps: merchant.couponPercentOffBps,
    amountOff: merchant.couponAmountOff,
    currency: merchant.couponCurrency,
    duration: merchant.couponDuration,
    durationMonths: merchant.couponDurationMonths,
  };
}

/**
 * The discount as a short stable string. A coupon remembers the spec it was made from; when the
 * settings no longer match it, the next code gets a new coupon (Stripe coupons are immutable).
 */
export function discountSpec(d: CouponDiscount): string {
  const amount =
    d.discountType === "percent" ? `percent:${d.percentOffBps}` : `amount:${d.amountOff}:${d.currency}`;
  const duration = d.duration === "repeating" ? `repeating:${d.durationMonths}` : d.duration;
  return `${amount}:${duration}`;
}

/** "10% off for 3 months", "$5.00 off once": the coupon's name, shown to customers by Stripe. */
export function describeDiscount(d: CouponDiscount): string {
  const off =
    d.discountType === "percent"
      ? `${(d.percentOffBps ?? 0) / 100}% off`
      : `${formatMoney(d.amountOff ?? 0, d.currency ?? "usd")} off`;
  if (d.duration === "forever") return `${off} forever`;
  if (d.duration === "once") return `${off} once`;
  return `${off} for ${d.durationMonths} month${d.durationMonths === 1 ? "" : "s"}`;
}

export function couponCreateParams(d: CouponDiscount, merchantId: string): Stripe.CouponCreateParams {
  const params: Stripe.CouponCreateParams = {
    duration: d.duration,
    // Stripe caps coupon names at 40 characters.
    name: describeDiscount(d).slice(0, 40),
    metadata: { leadtrail: "affiliate_coupon", leadtrail_merchant_id: merchantId },
  };
  if (d.discountType === "percent") params.percent_off = (d.percentOffBps ?? 0) / 100;
  else {
    params.amount_off = d.amountOff ?? 0;
    params.currency = d.currency ?? "usd";
  }
  if (d.duration === "repeating") params.duration_in_months = d.durationMonths ?? 1;
  return params;
}
