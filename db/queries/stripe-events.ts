import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholder, reusable } from "../reusable";
import { merchants, type StripeEvent, stripeConnections, stripeEvents } from "../schema";

export type NewStripeEvent = Omit<StripeEvent, "receivedAt">;

/** Webhook queries run for every delivery: built once (db/reusable.ts). */
const insertEvent = reusable<NewStripeEvent, { id: string }[]>("stripe_event_insert", (db) =>
  db
    .insert(stripeEvents)
    .values({
      id: sql.placeholder("id"),
      merchantId: sql.placeholder("merchantId"),
      account: sql.placeholder("account"),
      type: sql.placeholder("type"),
      livemode: sql.placeholder("livemode"),
      status: sql.placeholder("status"),
      note: sql.placeholder("note"),
      payload: sql.placeholder("payload"),
      purchaseId: sql.placeholder("purchaseId"),
      createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id }),
);

/**
 * Records an event once by id. Returns false for a duplicate: a concurrent delivery of the
 * same id waits on the primary key until the first transaction ends, then inserts nothing.
 */
export async function recordStripeEvent(db: Database, row: NewStripeEvent): Promise<boolean> {
  return (await insertEvent(db, row)).length > 0;
}

/** Locks the row: a replay and a late delivery of the same event do not run side by side. */
export async function findStripeEventForUpdate(db: Database, id: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id)).limit(1).for("update");
  return row ?? null;
}

const updateOutcome = reusable("stripe_event_outcome", (db) =>
  db
    .update(stripeEvents)
    .set({
      merchantId: placeholder("merchantId"),
      status: placeholder("status"),
      note: placeholder("note"),
      purchaseId: placeholder("purchaseId"),
    })
    .where(eq(stripeEvents.id, sql.placeholder("id"))),
);

export async function updateStripeEventOutcome(
  db: Database,
  params: Pick<StripeEvent, "id" | "merchantId" | "status" | "note" | "purchaseId">,
) {
  await updateOutcome(db, params);
}

const target = reusable("stripe_event_target", (db) =>
  db
    .select({
      connection: stripeConnections,
      merchant: merchants,
      seen: sql<boolean>`exists (select 1 from ${stripeEvents} where ${stripeEvents.id} = ${sql.placeholder("eventId")})`,
    })
    .from(stripeConnections)
    .innerJoin(merchants, eq(merchants.id, stripeConnections.merchantId))
    .where(
      and(
        eq(stripeConnections.stripeUserId, sql.placeholder("account")),
        isNull(stripeConnections.disconnectedAt),
      ),
    )
    .limit(1),
);

/** The live connection and merchant an event is for, and whether the event was seen before. */
export async function eventTarget(db: Database, eventId: string, account: string) {
  const [row] = await target(db, { eventId, account });
  return row ?? null;
}

/** Which of these event ids are already recorded (a catch-up applies only the others). */
export async function recordedEventIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(inArray(stripeEvents.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** How many of the merchant's events were skipped, and the latest (stripe_events_skipped_idx). */
export async function skippedEventsSummary(db: Database, merchantId: string) {
  const skipped = and(eq(stripeEvents.merchantId, merchantId), eq(stripeEvents.status, "skipped"));
  const [[count], [latest]] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(stripeEvents).where(skipped),
    db
      .select({
        id: stripeEvents.id,
        type: stripeEvents.type,
        note: stripeEvents.note,
        receivedAt: stripeEvents.receivedAt,
      })
      .from(stripeEvents)
      .where(skipped)
      .orderBy(desc(stripeEvents.receivedAt))
      .limit(1),
  ]);
  return { count: count?.n ?? 0, latest: latest ?? null };
}
