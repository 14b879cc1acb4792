import { z } from "zod";
import { emailSchema } from "@/lib/merchants/validation";

/** Codes go into links (?afmc=code), so they stay URL-safe; uniqueness ignores case. */
export const referralCodeSchema = z
  .string()
  .trim()
  .min(1, "Referral code is required")
  .max(64, "Referral code must be at most 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "Referral code may contain only letters, digits, - and _");

const optionalName = (label: string) =>
  z
    .string()
    .trim()
    .max(120, `${label} must be at most 120 characters`)
    .optional()
    .transform((v) => v ?? "");

export const newAffiliateSchema = z.object({
  firstName: optionalName("First name"),
  lastName: optionalName("Last name"),
  email: emailSchema,
  code: referralCodeSchema,
});

/**
 * A coupon code becomes a Stripe promotion code, so it keeps to Stripe's characters (letters,
 * digits and dashes; no underscores) and stays short enough to type at checkout. An empty value
 * removes the code. Uniqueness per merchant ignores case, as Stripe's does.
 */
export const couponCodeSchema = z
  .string()
  .trim()
  .max(50, "Coupon code must be at most 50 characters")
  .regex(/^[A-Za-z0-9-]*$/, "Coupon code may contain only letters, digits and dashes (-), as Stripe requires")
  .transform((v) => (v === "" ? null : v));
