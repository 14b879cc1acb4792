import type Stripe from "stripe";
import type { Database } from "@/db";
import { findPurchaseForCharge } from "@/db/queries/sales";
import { activeConnectionForAccount } from "@/db/queries/stripe-connections";
import {
  findStripeEventForUpdate,
  recordStripeEvent,
  stripeEventExists,
  updateStripeEventOutcome,
} from "@/db/queries/stripe-events";
import type { StripeConnection } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { prefetchSalesReads } from "@/lib/sales/prefetch";
import { type ConnectedStripe, connectedStripe } from "../connected";
import { memoizedReads } from "../memoized-reads";
import { handlerFor } from "./dispatch";
import type { EventHandler } from "./types";

export interface ReceiveDeps {
  /** The platform client; only touched if a handler fetches from the API. */
  stripe: () => Stripe;
}

export interface ReceiveOutcome {
  status: "processed" | "ignored" | "duplicate";
  note?: string | null;
}

interface Plan {
  connection: StripeConnection | null;
  handler?: EventHandler;
  note: string | null;
}

/** Which merchant the event is for and who handles it, or why nobody does. */
async function plan(db: Database, event: Stripe.Event): Promise<Plan> {
  if (!event.account) return { connection: null, note: "not a Connect event" };
  const connection = await activeConnectionForAccount(db, event.account);
  if (!connection) return { connection: null, note: "no active connection for this account" };
  const handler = handlerFor(event.type);
  return handler ? { connection, handler, note: null } : { connection, note: "event type not handled" };
}

async function run(db: Database, event: Stripe.Event, p: Plan, deps: ReceiveDeps, reads?: Reads) {
  if (!p.handler || !p.connection) return { status: "ignored" as const, note: p.note };
  const connection = p.connection;
  const stripe =
    reads?.account === connection.stripeUserId
      ? reads.stripe
      : connectedStripe(deps.stripe(), connection.stripeUserId);
  const result = await p.handler({
    db,
    event,
    connection,
    merchantId: connection.merchantId,
    stripe: () => stripe,
  });
  return {
    status: result?.ignored ? ("ignored" as const) : ("processed" as const),
    note: result?.note ?? null,
  };
}

/**
 * Records the event once by id and applies its effects in the same transaction: a duplicate
 * (or one of many concurrent deliveries) inserts nothing and changes nothing, and a handler
 * error rolls the record back too, so Stripe's retry processes it afresh.
 */
export async function receiveStripeEvent(
  db: Database,
  event: Stripe.Event,
  deps: ReceiveDeps,
): Promise<ReceiveOutcome> {
  const reads = await readAhead(db, event, deps);
  return db.transaction(async (tx) => {
    const p = await plan(tx, event);
    const inserted = await recordStripeEvent(tx, {
      id: event.id,
      merchantId: p.connection?.merchantId ?? null,
      account: event.account ?? null,
      type: event.type,
      livemode: event.livemode,
      status: p.handler ? "processed" : "ignored",
      note: p.note,
      payload: event,
      createdAt: new Date(event.created * 1000),
    });
    if (!inserted) return { status: "duplicate" };
    const outcome = await run(tx, event, p, deps, reads);
    if (p.handler) {
      await updateStripeEventOutcome(tx, {
        id: event.id,
        merchantId: p.connection?.merchantId ?? null,
        ...outcome,
      });
    }
    return outcome;
  });
}

/**
 * Runs a stored event through the dispatcher again (an event that arrived before its
 * connection, or whose handler was added later). Handlers converge, so a replay is safe.
 */
export async function replayStripeEvent(
  db: Database,
  eventId: string,
  deps: ReceiveDeps,
): Promise<ReceiveOutcome> {
  return db.transaction(async (tx) => {
    const row = await findStripeEventForUpdate(tx, eventId);
    if (!row) throw notFound(`No stored Stripe event ${eventId}`);
    const event = row.payload as Stripe.Event;
    const p = await plan(tx, event);
    const outcome = await run(tx, event, p, deps);
    await updateStripeEventOutcome(tx, {
      id: event.id,
      merchantId: p.connection?.merchantId ?? row.merchantId,
      ...outcome,
    });
    return outcome;
  });
}

interface Reads {
  account: string;
  stripe: ConnectedStripe;
}

/**
 * Stripe reads happen before the transaction opens (a transaction must never wait on the
 * network: it would hold a connection and its locks for the length of an API call). Skipped
 * for an event already recorded, so redeliveries cost one indexed read.
 */
async function readAhead(db: Database, event: Stripe.Event, deps: ReceiveDeps): Promise<Reads | undefined> {
  if (!event.account || !handlerFor(event.type) || (await stripeEventExists(db, event.id))) return undefined;
  const connection = await activeConnectionForAccount(db, event.account);
  if (!connection) return undefined;
  const stripe = memoizedReads(connectedStripe(deps.stripe(), connection.stripeUserId));
  await prefetchSalesReads(stripe, event, {
    chargeRecorded: async (id, paymentIntentId) =>
      !!(await findPurchaseForCharge(db, connection.merchantId, { id, paymentIntentId })),
  });
  return { account: connection.stripeUserId, stripe };
}
