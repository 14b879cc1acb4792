import { findAffiliateByPromotionCode, setCouponSyncState } from "@/db/queries/coupons";
import type { EventHandler } from "../types";

/**
 * `promotion_code.updated`: an affiliate's promotion code was deactivated or reactivated in
 * Stripe. The affiliate shows it (failed with the reason, or synced again). Events come in any
 * order, so one older than the affiliate's last known state (a sync or a later event) changes
 * nothing; a promotion code no longer carrying the affiliate's code is one a pending sync replaces.
 */
export const promotionCodeUpdated: EventHandler<"promotion_code.updated"> = async (ctx) => {
  const promo = ctx.event.data.object;
  const affiliate = await findAffiliateByPromotionCode(ctx.db, ctx.merchantId, promo.id);
  if (!affiliate) return { ignored: true, note: "not an affiliate's promotion code" };
  const createdSeconds = ctx.event.created;
  const knownSeconds = affiliate.couponSyncedAt ? Math.floor(affiliate.couponSyncedAt.getTime() / 1000) : 0;
  if (createdSeconds < knownSeconds) return { ignored: true, note: "older than the affiliate's sync state" };
  if (!affiliate.couponCode || affiliate.couponCode.toLowerCase() !== promo.code.toLowerCase()) {
    return { ignored: true, note: "the affiliate's code has changed since" };
  }
  const at = new Date(createdSeconds * 1000);
  if (!promo.active) {
    await setCouponSyncState(ctx.db, ctx.merchantId, affiliate.id, {
      status: "failed",
      error: `Promotion code ${promo.code} was deactivated in Stripe. Re-sync to make it active again.`,
      at,
    });
    return { note: "affiliate's promotion code deactivated" };
  }
  await setCouponSyncState(ctx.db, ctx.merchantId, affiliate.id, { status: "synced", error: null, at });
  return { note: "affiliate's promotion code active" };
};
