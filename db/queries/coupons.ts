import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, couponSyncRuns, jobs, stripeConnections } from "../schema";

/** Coupon sync state (SPEC §7): affiliates' links to Stripe, the merchant's coupon, bulk runs. */

export type CouponSyncStatus = "none" | "pending" | "synced" | "failed";

export async function lockAffiliate(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .for("update");
  return row ?? null;
}

export async function findAffiliateByPromotionCode(
  db: Database,
  merchantId: string,
  promotionCodeId: string,
) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.stripePromotionCodeId, promotionCodeId)))
    .limit(1);
  return row ?? null;
}

export async function setCouponSyncState(
  db: Database,
  merchantId: string,
  affiliateId: string,
  state: { status: CouponSyncStatus; error?: string | null; at?: Date },
) {
  await db
    .update(affiliates)
    .set({
      couponSyncStatus: state.status,
      couponSyncError: state.error ?? null,
      ...(state.at ? { couponSyncedAt: state.at } : {}),
    })
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
}

/**
 * Remembers the promotion code made or found for the affiliate. It is stored even if the
 * affiliate's code changed meanwhile (so the next sync can deactivate it), but only called
 * synced while it still carries the affiliate's current code.
 */
export async function recordPromotionCode(
  db: Database,
  params: {
    merchantId: string;
    affiliateId: string;
    promotionCodeId: string;
    couponId: string | null;
    code: string;
    at: Date;
  },
) {
  const current = sql`lower(${affiliates.couponCode}) = ${params.code.toLowerCase()}`;
  const [row] = await db
    .update(affiliates)
    .set({
      stripePromotionCodeId: params.promotionCodeId,
      stripeCouponId: params.couponId,
      couponSyncStatus: sql`case when ${current} then 'synced' else ${affiliates.couponSyncStatus} end`,
      couponSyncError: sql`case when ${current} then null else ${affiliates.couponSyncError} end`,
      couponSyncedAt: params.at,
      couponSyncingCode: null,
    })
    .where(and(eq(affiliates.merchantId, params.merchantId), eq(affiliates.id, params.affiliateId)))
    .returning({ status: affiliates.couponSyncStatus });
  return row?.status ?? null;
}

/** Notes the code about to be created in Stripe (see affiliates.couponSyncingCode). */
export async function setSyncingCode(
  db: Database,
  merchantId: string,
  affiliateId: string,
  code: string | null,
) {
  await db
    .update(affiliates)
    .set({ couponSyncingCode: code })
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
}

/** Forgets a promotion code that was deactivated or is gone; a no-op if another took its place. */
export async function unlinkPromotionCode(
  db: Database,
  merchantId: string,
  affiliateId: string,
  promotionCodeId: string,
) {
  await db
    .update(affiliates)
    .set({ stripePromotionCodeId: null, stripeCouponId: null })
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        eq(affiliates.id, affiliateId),
        eq(affiliates.stripePromotionCodeId, promotionCodeId),
      ),
    );
}

/**
 * Marks pending, and returns, the affiliates a bulk run covers: those with a code to sync and
 * those with a promotion code left to deactivate.
 */
export async function markAffiliatesForBulkSync(db: Database, merchantId: string) {
  return db
    .update(affiliates)
    .set({ couponSyncStatus: "pending", couponSyncError: null })
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        or(isNotNull(affiliates.couponCode), isNotNull(affiliates.stripePromotionCodeId)),
      ),
    )
    .returning({ id: affiliates.id });
}

export async function markCouponSyncPending(db: Database, merchantId: string, affiliateIds: string[]) {
  for (let i = 0; i < affiliateIds.length; i += 1_000) {
    await db
      .update(affiliates)
      .set({ couponSyncStatus: "pending", couponSyncError: null })
      .where(
        and(eq(affiliates.merchantId, merchantId), inArray(affiliates.id, affiliateIds.slice(i, i + 1_000))),
      );
  }
}

/** Affiliates whose promotion code is on this coupon. */
export async function affiliatesOnCoupon(db: Database, merchantId: string, couponId: string) {
  return db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.stripeCouponId, couponId)));
}

export async function markCouponSyncFailed(
  db: Database,
  merchantId: string,
  affiliateIds: string[],
  error: string,
) {
  if (affiliateIds.length === 0) return;
  await db
    .update(affiliates)
    .set({ couponSyncStatus: "failed", couponSyncError: error })
    .where(and(eq(affiliates.merchantId, merchantId), inArray(affiliates.id, affiliateIds)));
}

/**
 * Stores the coupon made for the connection, unless the coupon was deleted in Stripe in the
 * meantime (the generation moved on): that one must not be remembered.
 */
export async function storeAffiliateCoupon(
  db: Database,
  params: { connectionId: string; couponId: string; spec: string; generation: number },
) {
  await db
    .update(stripeConnections)
    .set({ affiliateCouponId: params.couponId, affiliateCouponSpec: params.spec })
    .where(
      and(
        eq(stripeConnections.id, params.connectionId),
        eq(stripeConnections.affiliateCouponGeneration, params.generation),
      ),
    );
}

/** The coupon is gone from Stripe: the next sync makes a new one, under a new idempotency key. */
export async function forgetAffiliateCoupon(db: Database, connectionId: string, couponId: string) {
  const [row] = await db
    .update(stripeConnections)
    .set({
      affiliateCouponId: null,
      affiliateCouponSpec: null,
      affiliateCouponGeneration: sql`${stripeConnections.affiliateCouponGeneration} + 1`,
    })
    .where(and(eq(stripeConnections.id, connectionId), eq(stripeConnections.affiliateCouponId, couponId)))
    .returning({ id: stripeConnections.id });
  return Boolean(row);
}

export async function insertCouponSyncRun(
  db: Database,
  run: { id: string; merchantId: string; startedBy: string | null },
) {
  const [row] = await db.insert(couponSyncRuns).values(run).returning();
  return row!;
}

export async function setCouponSyncRunTotal(
  db: Database,
  merchantId: string,
  runId: string,
  total: number,
  at: Date,
) {
  await db
    .update(couponSyncRuns)
    .set({ total, preparedAt: at })
    .where(and(eq(couponSyncRuns.merchantId, merchantId), eq(couponSyncRuns.id, runId)));
}

export async function latestCouponSyncRun(db: Database, merchantId: string) {
  const [row] = await db
    .select()
    .from(couponSyncRuns)
    .where(eq(couponSyncRuns.merchantId, merchantId))
    .orderBy(desc(couponSyncRuns.createdAt))
    .limit(1);
  return row ?? null;
}

/** Per-affiliate jobs of a run by status (a job that fails for good counts once, as failed). */
export async function couponSyncRunCounts(db: Database, merchantId: string, kind: string, runId: string) {
  const rows = await db
    .select({ status: jobs.status, n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(
      and(eq(jobs.merchantId, merchantId), eq(jobs.kind, kind), sql`${jobs.payload}->>'runId' = ${runId}`),
    )
    .groupBy(jobs.status);
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { done: count("done"), failed: count("failed"), queued: count("queued"), running: count("running") };
}

/** A few of the run's failures with the affiliate and Stripe's reason, for the settings page. */
export async function couponSyncRunFailures(
  db: Database,
  merchantId: string,
  kind: string,
  runId: string,
  limit = 5,
) {
  return db
    .select({
      affiliateId: affiliates.id,
      firstName: affiliates.firstName,
      lastName: affiliates.lastName,
      email: affiliates.email,
      couponCode: affiliates.couponCode,
      error: jobs.lastError,
    })
    .from(jobs)
    .innerJoin(
      affiliates,
      and(
        eq(affiliates.merchantId, jobs.merchantId),
        sql`${affiliates.id} = ${jobs.payload}->>'affiliateId'`,
      ),
    )
    .where(
      and(
        eq(jobs.merchantId, merchantId),
        eq(jobs.kind, kind),
        eq(jobs.status, "failed"),
        sql`${jobs.payload}->>'runId' = ${runId}`,
      ),
    )
    .orderBy(desc(jobs.finishedAt))
    .limit(limit);
}
