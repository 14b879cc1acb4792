import { affiliatesOnCoupon, forgetAffiliateCoupon, markCouponSyncFailed } from "@/db/queries/coupons";
import { enqueueCouponSync } from "@/lib/coupons/jobs";
import type { EventHandler } from "../types";

/**
 * `coupon.deleted`: when it is the merchant's affiliate coupon, it is forgotten (the next sync
 * makes a new one), and the affiliates whose codes were on it can no longer give a discount:
 * with automatic sync they are queued to move to the new coupon, otherwise they show why.
 */
export const couponDeleted: EventHandler<"coupon.deleted"> = async (ctx) => {
  const coupon = ctx.event.data.object;
  const current = coupon.id === ctx.connection.affiliateCouponId;
  if (current) await forgetAffiliateCoupon(ctx.db, ctx.connection.id, coupon.id);
  const affected = (await affiliatesOnCoupon(ctx.db, ctx.merchantId, coupon.id)).map((a) => a.id);
  if (!current && affected.length === 0) return { ignored: true, note: "not an affiliate coupon" };
  if (ctx.merchant.autoSyncCoupons) {
    await enqueueCouponSync(ctx.db, ctx.merchantId, affected);
    return { note: `affiliate coupon deleted; ${affected.length} code(s) queued for re-sync` };
  }
  await markCouponSyncFailed(
    ctx.db,
    ctx.merchantId,
    affected,
    `Coupon ${coupon.id} was deleted in Stripe, so this code gives no discount. Re-sync to move it to a new coupon.`,
  );
  return { note: `affiliate coupon deleted; ${affected.length} code(s) need a re-sync` };
};
