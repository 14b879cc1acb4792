import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { newId } from "@/lib/ids";
import type { Database } from "../index";
import { stripeConnections } from "../schema";

/** The merchant's live connection, if any (at most one: stripe_connections_active_merchant_key). */
export async function activeConnectionForMerchant(db: Database, merchantId: string) {
  const [row] = await db
    .select()
    .from(stripeConnections)
    .where(and(eq(stripeConnections.merchantId, merchantId), isNull(stripeConnections.disconnectedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * The live connection of a Stripe account, whichever merchant holds it. Webhooks name only the
 * account, so this is the one lookup that is not scoped by merchant: it finds the merchant.
 */
export async function activeConnectionForAccount(db: Database, stripeUserId: string) {
  const [row] = await db
    .select()
    .from(stripeConnections)
    .where(and(eq(stripeConnections.stripeUserId, stripeUserId), isNull(stripeConnections.disconnectedAt)))
    .limit(1);
  return row ?? null;
}

/** The most recent connection, live or ended: the app page shows when and why it ended. */
export async function latestConnectionForMerchant(db: Database, merchantId: string) {
  const [row] = await db
    .select()
    .from(stripeConnections)
    .where(eq(stripeConnections.merchantId, merchantId))
    .orderBy(desc(stripeConnections.connectedAt))
    .limit(1);
  return row ?? null;
}

export interface NewConnection {
  /** Chosen beforehand when the id is needed first (a key connection's webhook URL names it). */
  id?: string;
  kind?: "oauth" | "api_key";
  apiKeyEnc?: string | null;
  webhookEndpointId?: string | null;
  webhookSecretEnc?: string | null;
  merchantId: string;
  stripeUserId: string;
  livemode: boolean;
  scope: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  publishableKey: string | null;
}

/** Raises unique_violation when the merchant or the account already has a live connection. */
export async function insertConnection(db: Database, input: NewConnection) {
  const [row] = await db
    .insert(stripeConnections)
    .values({ ...input, id: input.id ?? newId("sc") })
    .returning();
  return row!;
}

/**
 * Ends a live connection. The `disconnected_at is null` condition makes it idempotent under a
 * race (Disconnect and the deauthorized webhook at once): only one caller gets the row back.
 */
export async function endConnection(
  db: Database,
  params: { merchantId: string; connectionId: string; reason: string },
) {
  const [row] = await db
    .update(stripeConnections)
    // A key connection's key and signing secret are forgotten with it (SPEC §4).
    .set({
      disconnectedAt: new Date(),
      disconnectReason: params.reason,
      apiKeyEnc: null,
      webhookSecretEnc: null,
    })
    .where(
      and(
        eq(stripeConnections.merchantId, params.merchantId),
        eq(stripeConnections.id, params.connectionId),
        isNull(stripeConnections.disconnectedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/** A connection by id, live or ended. */
export async function connectionById(db: Database, id: string) {
  const [row] = await db.select().from(stripeConnections).where(eq(stripeConnections.id, id)).limit(1);
  return row ?? null;
}

/** Every live connection (the server's start-up catch-up queues one pass for each). */
export async function activeConnections(db: Database) {
  return db.select().from(stripeConnections).where(isNull(stripeConnections.disconnectedAt));
}

/**
 * Takes the connection's reconciliation lease unless another run holds one that has not run
 * out: the conditional update lets exactly one of two concurrent starters through, whichever
 * process they run in. Returns the connection, or null when it is busy or has ended.
 */
export async function claimReconcileLease(
  db: Database,
  params: { connectionId: string; token: string; now: Date; until: Date },
) {
  const [row] = await db
    .update(stripeConnections)
    .set({ reconcileLockToken: params.token, reconcileLockedUntil: params.until })
    .where(
      and(
        eq(stripeConnections.id, params.connectionId),
        isNull(stripeConnections.disconnectedAt),
        or(
          isNull(stripeConnections.reconcileLockedUntil),
          lt(stripeConnections.reconcileLockedUntil, params.now),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

/** Keeps a long run's lease from running out; false when it was lost (taken over as expired). */
export async function renewReconcileLease(
  db: Database,
  params: { connectionId: string; token: string; until: Date },
) {
  const rows = await db
    .update(stripeConnections)
    .set({ reconcileLockedUntil: params.until })
    .where(
      and(
        eq(stripeConnections.id, params.connectionId),
        eq(stripeConnections.reconcileLockToken, params.token),
      ),
    )
    .returning({ id: stripeConnections.id });
  return rows.length > 0;
}

export interface ReconcileRecord {
  at: Date;
  found: number;
  applied: number;
  failed: number;
  error: string | null;
  highWater: Date | null;
}

/** Ends a run: stores what it found (only if the lease is still ours) and frees the lease. */
export async function finishReconcile(
  db: Database,
  params: { connectionId: string; token: string; record: ReconcileRecord | null },
) {
  const { record } = params;
  await db
    .update(stripeConnections)
    .set({
      reconcileLockToken: null,
      reconcileLockedUntil: null,
      ...(record
        ? {
            reconciledAt: record.at,
            reconcileFound: record.found,
            reconcileApplied: record.applied,
            reconcileFailed: record.failed,
            reconcileError: record.error,
            reconcileHighWater: record.highWater,
          }
        : {}),
    })
    .where(
      and(
        eq(stripeConnections.id, params.connectionId),
        eq(stripeConnections.reconcileLockToken, params.token),
      ),
    );
}

/** A key connection Stripe no longer lets in (401) or whose endpoint is gone; first reason wins. */
export async function markConnectionNeedsAttention(
  db: Database,
  params: { connectionId: string; reason: "key_revoked" | "endpoint_missing" },
) {
  const [row] = await db
    .update(stripeConnections)
    .set({ attentionReason: params.reason, attentionAt: new Date() })
    .where(
      and(
        eq(stripeConnections.id, params.connectionId),
        isNull(stripeConnections.disconnectedAt),
        isNull(stripeConnections.attentionReason),
      ),
    )
    .returning();
  return row ?? null;
}
