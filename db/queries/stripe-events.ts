import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { merchants, type StripeEvent, stripeConnections, stripeEvents } from "../schema";

export type NewStripeEvent = Omit<StripeEvent, "receivedAt">;

/**
 * Records an event once by id. Returns false for a duplicate: a concurrent delivery of the
 * same id waits on the primary key until the first transaction ends, then inserts nothing.
 */
export async function recordStripeEvent(db: Database, row: NewStripeEvent): Promise<boolean> {
  const inserted = await db
    .insert(stripeEvents)
    .values(row)
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return inserted.length > 0;
}

/** Locks the row: a replay and a late delivery of the same event do not run side by side. */
export async function findStripeEventForUpdate(db: Database, id: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id)).limit(1).for("update");
  return row ?? null;
}

export async function updateStripeEventOutcome(
  db: Database,
  params: { id: string; merchantId: string | null; status: StripeEvent["status"]; note: string | null },
) {
  await db
    .update(stripeEvents)
    .set({ merchantId: params.merchantId, status: params.status, note: params.note })
    .where(eq(stripeEvents.id, params.id));
}

/** The live connection and merchant an event is for, and whether the event was seen before. */
export async function eventTarget(db: Database, eventId: string, account: string) {
  const [row] = await db
    .select({
      connection: stripeConnections,
      merchant: merchants,
      seen: sql<boolean>`exists (select 1 from ${stripeEvents} where ${stripeEvents.id} = ${eventId})`,
    })
    .from(stripeConnections)
    .innerJoin(merchants, eq(merchants.id, stripeConnections.merchantId))
    .where(and(eq(stripeConnections.stripeUserId, account), isNull(stripeConnections.disconnectedAt)))
    .limit(1);
  return row ?? null;
}
