import { getDb } from "@/db";
import { merchantRoute } from "@/lib/auth/session-route";
import { couponSyncProgress } from "@/lib/coupons/progress";

/** The latest bulk coupon re-sync's progress, polled by the Stripe app page. */
export const GET = merchantRoute(async ({ merchantId }) => ({
  progress: await couponSyncProgress(await getDb(), merchantId),
}));
