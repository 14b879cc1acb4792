import type { Database } from "@/db";
import { getAffiliate } from "@/db/queries/affiliates";
import { couponSyncRunCounts, couponSyncRunFailures, latestCouponSyncRun } from "@/db/queries/coupons";
import type { Affiliate } from "@/db/schema";
import { displayName } from "@/lib/format";
import { COUPON_SYNC } from "./jobs";

/** What the settings page shows of the latest bulk run; read from the jobs, so a reload shows it too. */
export interface CouponSyncProgress {
  runId: string;
  startedAt: string;
  /** Null while the run is still listing affiliates. */
  total: number | null;
  done: number;
  failed: number;
  remaining: number;
  finished: boolean;
  failures: { affiliateId: string; name: string; couponCode: string | null; error: string | null }[];
}

export async function couponSyncProgress(
  db: Database,
  merchantId: string,
): Promise<CouponSyncProgress | null> {
  const run = await latestCouponSyncRun(db, merchantId);
  if (!run) return null;
  const counts = await couponSyncRunCounts(db, merchantId, COUPON_SYNC, run.id);
  const failures = counts.failed ? await couponSyncRunFailures(db, merchantId, COUPON_SYNC, run.id) : [];
  const remaining = counts.queued + counts.running;
  return {
    runId: run.id,
    startedAt: run.createdAt.toISOString(),
    total: run.total,
    done: counts.done,
    failed: counts.failed,
    remaining: run.total === null ? 0 : remaining,
    finished: run.total !== null && remaining === 0,
    failures: failures.map((f) => ({
      affiliateId: f.affiliateId,
      name: displayName(f),
      couponCode: f.couponCode,
      error: f.error,
    })),
  };
}

/** One affiliate's sync state, as its page polls it. */
export interface AffiliateCouponState {
  couponCode: string | null;
  status: "none" | "pending" | "synced" | "failed";
  error: string | null;
  promotionCodeId: string | null;
  syncedAt: string | null;
}

export async function affiliateCouponState(
  db: Database,
  merchantId: string,
  affiliateId: string,
): Promise<AffiliateCouponState | null> {
  const affiliate = await getAffiliate(db, merchantId, affiliateId);
  return affiliate ? couponStateOf(affiliate) : null;
}

export function couponStateOf(affiliate: Affiliate): AffiliateCouponState {
  return {
    couponCode: affiliate.couponCode,
    status: affiliate.couponSyncStatus,
    error: affiliate.couponSyncError,
    promotionCodeId: affiliate.stripePromotionCodeId,
    syncedAt: affiliate.couponSyncedAt?.toISOString() ?? null,
  };
}
