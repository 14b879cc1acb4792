import { getDb } from "@/db";
import { merchantRoute } from "@/lib/auth/session-route";
import { affiliateCouponState } from "@/lib/coupons/progress";
import { notFound } from "@/lib/errors";

/** One affiliate's coupon sync state, polled by its page while a sync is pending. */
export const GET = merchantRoute<{ id: string }>(async ({ merchantId }, _req, { id }) => {
  const state = await affiliateCouponState(await getDb(), merchantId, id);
  if (!state) throw notFound("No such affiliate");
  return { coupon: state };
});
