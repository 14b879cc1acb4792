import { z } from "zod";
import type { Database } from "@/db";
import { updateAffiliate as writeAffiliate } from "@/db/queries/affiliates";
import { lockAffiliate } from "@/db/queries/coupons";
import { getMerchant } from "@/db/queries/merchants";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { type Affiliate, affiliates } from "@/db/schema";
import { enqueueCouponSync } from "@/lib/coupons/jobs";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { emailSchema, firstIssue } from "@/lib/merchants/validation";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { couponCodeSchema, referralCodeSchema } from "./validation";

const name = (label: string) => z.string().trim().max(120, `${label} must be at most 120 characters`);

/** A partial update: fields left out stay as they are; `couponCode: null` or "" removes the code. */
export const affiliateUpdateSchema = z
  .object({
    firstName: name("First name"),
    lastName: name("Last name"),
    email: emailSchema,
    code: referralCodeSchema,
    couponCode: couponCodeSchema.nullable(),
    status: z.enum(affiliates.status.enumValues, "Status must be pending, active or inactive"),
  })
  .partial()
  .strict();

/**
 * Changes an affiliate of this merchant (dashboard, CLI and REST API). The unique indexes decide
 * duplicates (referral code, coupon code and email, each ignoring case), so two concurrent
 * updates cannot both take one code. A changed coupon code is queued for sync to Stripe in the
 * same transaction when automatic sync is on and Stripe is connected; otherwise it shows as not
 * synced until a re-sync (its old promotion code, if any, is deactivated then).
 */
export async function updateAffiliate(
  db: Database,
  merchantId: string,
  affiliateId: string,
  input: unknown,
): Promise<Affiliate> {
  const parsed = affiliateUpdateSchema.safeParse(input ?? {});
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const patch = parsed.data;
  const change = () =>
    db.transaction(async (tx) => {
      const before = await lockAffiliate(tx, merchantId, affiliateId);
      if (!before) throw notFound("No such affiliate");
      const values: Partial<typeof affiliates.$inferInsert> = { ...patch };
      let queued = false;
      if (patch.couponCode !== undefined && patch.couponCode !== before.couponCode) {
        queued = await shouldSync(
          tx,
          merchantId,
          patch.couponCode !== null || before.stripePromotionCodeId !== null,
        );
        values.couponSyncStatus = queued ? "pending" : "none";
        values.couponSyncError = null;
      }
      if (Object.keys(values).length === 0) return { before, after: before, queued };
      const after = await writeAffiliate(tx, merchantId, affiliateId, values);
      if (queued) await enqueueCouponSync(tx, merchantId, [affiliateId]);
      return { before, after: after!, queued };
    });
  let result: Awaited<ReturnType<typeof change>>;
  for (let attempt = 1; ; attempt++) {
    try {
      result = await change();
      break;
    } catch (error) {
      // A sync job ending at this moment can hold the job row this change queues onto while it
      // waits for the affiliate row held here; PostgreSQL aborts one of the two, so try again.
      if (attempt < 3 && isDeadlock(error)) continue;
      throw duplicateError(error, patch) ?? error;
    }
  }
  const { before, after, queued } = result;
  // Visits are credited through a short-lived cache of code → affiliate (active ones only).
  if (before.code !== after.code || before.status !== after.status) {
    forgetAffiliateCode(merchantId, before.code);
    forgetAffiliateCode(merchantId, after.code);
  }
  if (queued) wakeJobRunner();
  return after;
}

async function shouldSync(db: Database, merchantId: string, somethingToDo: boolean): Promise<boolean> {
  if (!somethingToDo) return false;
  const merchant = await getMerchant(db, merchantId);
  if (!merchant?.autoSyncCoupons) return false;
  return (await activeConnectionForMerchant(db, merchantId)) !== null;
}

function duplicateError(error: unknown, patch: z.infer<typeof affiliateUpdateSchema>) {
  if (isUniqueViolation(error, "affiliates_code_key")) {
    return conflict(`The referral code "${patch.code}" is already in use (codes ignore case)`, "code_taken");
  }
  if (isUniqueViolation(error, "affiliates_coupon_code_key")) {
    return conflict(
      `The coupon code "${patch.couponCode}" is already in use by another affiliate (codes ignore case)`,
      "coupon_code_taken",
    );
  }
  if (isUniqueViolation(error, "affiliates_email_key")) {
    return conflict("An affiliate with this email already exists", "email_taken");
  }
  return null;
}

function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    if ((e as { code?: string }).code === "40P01") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
