import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, merchantRef, tstz } from "./columns";

/**
 * A bulk re-sync of every affiliate's coupon code (SPEC §7), started by saving the Stripe app
 * settings with automatic sync on. Its progress is counted from the per-affiliate jobs that
 * carry its id, so it survives restarts and page reloads.
 */
export const couponSyncRuns = pgTable(
  "coupon_sync_runs",
  {
    id: text().primaryKey(),
    merchantId: merchantRef(),
    /** Null until the run has listed the affiliates it covers. */
    total: integer(),
    startedBy: text(),
    createdAt: createdAt(),
    preparedAt: tstz(),
  },
  (t) => [index("coupon_sync_runs_merchant_idx").on(t.merchantId, t.createdAt)],
);

export type CouponSyncRun = typeof couponSyncRuns.$inferSelect;
