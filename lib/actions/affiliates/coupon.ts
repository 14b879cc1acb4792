"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { updateAffiliate } from "@/lib/affiliates/update";
import { merchantAction } from "@/lib/auth/action";
import { affiliateCouponState } from "@/lib/coupons/progress";
import { requestAffiliateCouponSync } from "@/lib/coupons/settings";

const affiliateId = z.string().min(1).max(64);

/** "Coupon code" + Save on the affiliate's page. */
export const setCouponCodeAction = merchantAction(
  z.object({ affiliateId, couponCode: z.string() }),
  async (input, ctx) => {
    const db = await getDb();
    await updateAffiliate(db, ctx.merchantId, input.affiliateId, { couponCode: input.couponCode });
    revalidatePath(`/dashboard/affiliates/${input.affiliateId}`);
    return (await affiliateCouponState(db, ctx.merchantId, input.affiliateId))!;
  },
);

/**
 * re-sync → stripe_connect → re-sync: queues the sync, which the server's job runner starts at
 * once, and waits a few seconds for its outcome so the merchant is told how it went. A sync
 * still retrying by then finishes in the background; the page keeps polling.
 */
export const resyncCouponAction = merchantAction(z.object({ affiliateId }), async (input, ctx) => {
  const db = await getDb();
  await requestAffiliateCouponSync(db, ctx.merchantId, input.affiliateId);
  const deadline = Date.now() + 8_000;
  let state = await affiliateCouponState(db, ctx.merchantId, input.affiliateId);
  while (state?.status === "pending" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    state = await affiliateCouponState(db, ctx.merchantId, input.affiliateId);
  }
  revalidatePath(`/dashboard/affiliates/${input.affiliateId}`);
  return state!;
});
