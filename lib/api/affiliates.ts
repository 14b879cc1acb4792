import { z } from "zod";
import { affiliates } from "@/db/schema";
import { randomToken } from "@/lib/ids";

/**
 * The API's affiliate bodies (snake_case, SPEC §8) mapped to lib/affiliates' inputs. Only the
 * shape is checked here; lib/affiliates validates the values, as it does for the dashboard.
 * Unknown fields are refused so a typo (`firstname`) is not silently ignored.
 */
const text = z.string({ error: (issue) => `${String(issue.path?.at(-1) ?? "field")} must be a string` });
const status = z.enum(affiliates.status.enumValues, {
  error: "status must be one of pending, active, inactive",
});

export const createAffiliateBody = z
  .strictObject({
    email: text,
    first_name: text.optional(),
    last_name: text.optional(),
    code: text.optional(),
    coupon_code: text.nullable().optional(),
    status: status.optional(),
  })
  .transform((b) => ({
    create: {
      email: b.email,
      firstName: b.first_name,
      lastName: b.last_name,
      code: b.code ?? generatedCode(b.first_name || b.email.split("@")[0] || "affiliate"),
    },
    update: compact({ couponCode: b.coupon_code, status: b.status }),
  }));

export const updateAffiliateBody = z
  .strictObject({
    email: text.optional(),
    first_name: text.optional(),
    last_name: text.optional(),
    code: text.optional(),
    coupon_code: text.nullable().optional(),
    status: status.optional(),
  })
  .transform((b) =>
    compact({
      email: b.email,
      firstName: b.first_name,
      lastName: b.last_name,
      code: b.code,
      couponCode: b.coupon_code,
      status: b.status,
    }),
  );

/** Drops absent fields, keeps explicit nulls (a null coupon_code removes the coupon). */
function compact<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A referral code when the caller sends none: a readable stem and a random tail. */
export function generatedCode(stem: string): string {
  const base = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24);
  const tail = randomToken(6).toLowerCase();
  return base ? `${base}-${tail}` : tail;
}
