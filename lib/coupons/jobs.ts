import { z } from "zod";
import type { Database } from "@/db";
import {
  lockAffiliate,
  markAffiliatesForBulkSync,
  markCouponSyncFailed,
  markCouponSyncPending,
  setCouponSyncRunTotal,
} from "@/db/queries/coupons";
import { enqueueJob, enqueueJobs, type NewJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import { stripeJobFailure } from "@/lib/stripe/job-deps";
import { syncAffiliateCoupon } from "./sync";

/** Job kinds of coupon sync, and how they are queued. */
export const COUPON_SYNC = "coupon.sync";
export const COUPON_BULK_SYNC = "coupon.bulk_sync";

/** Generous: rate limits do not count against it, only Stripe or network trouble does. */
const SYNC_MAX_ATTEMPTS = 10;

const syncPayload = z.object({ affiliateId: z.string().min(1), runId: z.string().optional() });
const bulkPayload = z.object({ runId: z.string().min(1) });

function syncJob(merchantId: string, affiliateId: string, runId?: string): NewJob {
  return {
    kind: COUPON_SYNC,
    merchantId,
    payload: runId ? { affiliateId, runId } : { affiliateId },
    // One waiting-or-running sync per affiliate: it reads the affiliate when it runs, so one is enough.
    dedupeKey: `${COUPON_SYNC}:${affiliateId}`,
    maxAttempts: SYNC_MAX_ATTEMPTS,
  };
}

/** Queues a sync of these affiliates' codes (on the caller's transaction) and shows them pending. */
export async function enqueueCouponSync(db: Database, merchantId: string, affiliateIds: string[]) {
  // Affiliate rows before job rows, everywhere (see couponSyncJob.lockForFailure): one order, no deadlock.
  await markCouponSyncPending(db, merchantId, affiliateIds);
  await enqueueJobs(
    db,
    affiliateIds.map((id) => syncJob(merchantId, id)),
  );
}

/** Queues a bulk run; the run lists its affiliates when it starts (see couponBulkSyncJob). */
export async function enqueueCouponBulkSync(db: Database, merchantId: string, runId: string) {
  await enqueueJob(db, {
    kind: COUPON_BULK_SYNC,
    merchantId,
    payload: { runId },
    dedupeKey: `${COUPON_BULK_SYNC}:${merchantId}`,
    maxAttempts: 5,
  });
}

export const couponSyncJob: JobHandler = {
  async run({ db, job, deps }) {
    const { affiliateId } = syncPayload.parse(job.payload);
    await syncAffiliateCoupon(
      db,
      { merchantId: job.merchantId!, affiliateId, attemptKey: `${job.id}:${job.attempts}` },
      deps,
    );
  },
  classifyError: stripeJobFailure,
  async lockForFailure(db, job) {
    const parsed = syncPayload.safeParse(job.payload);
    if (parsed.success) await lockAffiliate(db, job.merchantId!, parsed.data.affiliateId);
  },
  async onFailed(db, job, message) {
    const parsed = syncPayload.safeParse(job.payload);
    if (parsed.success) await markCouponSyncFailed(db, job.merchantId!, [parsed.data.affiliateId], message);
  },
};

/**
 * Fans a bulk run out into one sync job per affiliate, in one transaction: the run's total and
 * its jobs appear together, so progress never counts a half-listed run. A sync already waiting
 * for an affiliate joins the run rather than being queued twice.
 */
export const couponBulkSyncJob: JobHandler = {
  async run({ db, job }) {
    const { runId } = bulkPayload.parse(job.payload);
    const merchantId = job.merchantId!;
    await db.transaction(async (tx) => {
      const affected = await markAffiliatesForBulkSync(tx, merchantId);
      await enqueueJobs(
        tx,
        affected.map((a) => syncJob(merchantId, a.id, runId)),
      );
      await setCouponSyncRunTotal(tx, merchantId, runId, affected.length, new Date());
    });
  },
};

registerJobHandler(COUPON_SYNC, couponSyncJob);
registerJobHandler(COUPON_BULK_SYNC, couponBulkSyncJob);
