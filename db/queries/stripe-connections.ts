import { and, desc, eq, isNull } from "drizzle-orm";
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
    .values({ id: newId("sc"), ...input })
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
    .set({ disconnectedAt: new Date(), disconnectReason: params.reason })
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
