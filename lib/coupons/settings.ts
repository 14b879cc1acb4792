import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { insertCouponSyncRun, lockAffiliate } from "@/db/queries/coupons";
import { lockMerchant, updateMerchant } from "@/db/queries/merchants";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { badRequest, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { firstIssue } from "@/lib/merchants/validation";
import { couponDiscountSchema } from "./discount";
import { enqueueCouponBulkSync, enqueueCouponSync } from "./jobs";

export const couponSettingsSchema = couponDiscountSchema.and(z.object({ autoSync: z.boolean() }));

/**
 * Saves the affiliate discount and "Automatically Sync Affiliate Coupons". Saving with the
 * switch on starts a bulk re-sync of every affiliate's code, in the same transaction as the
 * settings (so a saved switch always has its run), and returns the run's id. A changed discount
 * needs nothing here: the next code synced finds the coupon no longer matches and makes a new one.
 */
export async function saveCouponSettings(
  db: Database,
  params: { merchantId: string; actorUserId: string | null; input: unknown },
): Promise<{ runId: string | null }> {
  const parsed = couponSettingsSchema.safeParse(params.input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const s = parsed.data;
  const { merchantId } = params;
  const runId = await db.transaction(async (tx) => {
    const merchant = await lockMerchant(tx, merchantId);
    if (!merchant) throw notFound("No such merchant");
    if (s.autoSync && !(await activeConnectionForMerchant(tx, merchantId))) {
      throw badRequest("Connect Stripe before turning on Automatically Sync Affiliate Coupons");
    }
    const values = {
      couponDiscountType: s.discountType,
      couponPercentOffBps: s.discountType === "percent" ? s.percentOffBps! : merchant.couponPercentOffBps,
      couponAmountOff: s.discountType === "amount" ? s.amountOff : merchant.couponAmountOff,
      couponCurrency: s.discountType === "amount" ? s.currency : merchant.couponCurrency,
      couponDuration: s.duration,
      couponDurationMonths: s.duration === "repeating" ? s.durationMonths : null,
      autoSyncCoupons: s.autoSync,
    };
    await updateMerchant(tx, merchantId, values);
    const run = s.autoSync ? await startBulkRun(tx, merchantId, params.actorUserId) : null;
    await recordAudit(tx, {
      merchantId,
      actorUserId: params.actorUserId,
      action: "settings.coupon_sync.saved",
      data: { ...values, bulk_run_id: run },
    });
    return run;
  });
  wakeJobRunner();
  return { runId };
}

/** Queues a re-sync of every affiliate's code and returns the run's id (progress: couponSyncProgress). */
export async function startBulkRun(db: Database, merchantId: string, actorUserId: string | null) {
  const runId = newId("run");
  await insertCouponSyncRun(db, { id: runId, merchantId, startedBy: actorUserId });
  await enqueueCouponBulkSync(db, merchantId, runId);
  return runId;
}

/**
 * Re-sync one affiliate's code now (re-sync → stripe_connect → re-sync), whatever the automatic
 * setting. Also used for an affiliate with no code left but a promotion code to deactivate.
 */
export async function requestAffiliateCouponSync(db: Database, merchantId: string, affiliateId: string) {
  await db.transaction(async (tx) => {
    const affiliate = await lockAffiliate(tx, merchantId, affiliateId);
    if (!affiliate) throw notFound("No such affiliate");
    if (!affiliate.couponCode && !affiliate.stripePromotionCodeId) {
      throw badRequest("This affiliate has no coupon code to sync. Set one first.");
    }
    if (!(await activeConnectionForMerchant(tx, merchantId))) {
      throw badRequest("Connect Stripe before syncing coupon codes");
    }
    await enqueueCouponSync(tx, merchantId, [affiliateId]);
  });
  wakeJobRunner();
}
