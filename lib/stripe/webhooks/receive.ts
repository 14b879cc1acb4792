import type Stripe from "stripe";
import type { Database } from "@/db";
import { findPurchaseForCharge } from "@/db/queries/purchases";
import {
  eventTarget,
  findStripeEventForUpdate,
  recordStripeEvent,
  updateStripeEventOutcome,
} from "@/db/queries/stripe-events";
import { subscriptionTrackingMode } from "@/db/queries/subscriptions";
import type { Merchant, StripeConnection } from "@/db/schema";
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
  purchaseId?: string | null;
}

interface Plan {
  connection: StripeConnection | null;
  merchant: Merchant | null;
  handler?: EventHandler;
  note: string | null;
  /** Already recorded: a redelivery, which will change nothing. */
  seen: boolean;
}

/**
 * Which merchant the event is for and who handles it, or why nobody does: one query, made
 * before the transaction. A connection that ends in the instant between is harmless: its
 * events are processed as if they had arrived a moment earlier.
 */
async function plan(db: Database, event: Stripe.Event): Promise<Plan> {
  const none = { connection: null, merchant: null, seen: false };
  if (!event.account) return { ...none, note: "not a Connect event" };
  const target = await eventTarget(db, event.id, event.account);
  if (!target) return { ...none, note: "no active connection for this account" };
  const handler = handlerFor(event.type);
  return { ...target, handler, note: handler ? null : "event type not handled" };
}

async function run(db: Database, event: Stripe.Event, p: Plan, deps: ReceiveDeps, reads?: ConnectedStripe) {
  if (!p.handler || !p.connection || !p.merchant)
    return { status: "ignored" as const, note: p.note, purchaseId: null };
  const connection = p.connection;
  const stripe = reads ?? connectedStripe(deps.stripe(), connection.stripeUserId);
  const result = await p.handler({
    db,
    event,
    connection,
    merchant: p.merchant,
    merchantId: connection.merchantId,
    stripe: () => stripe,
  });
  return {
    status: result?.ignored ? ("ignored" as const) : ("processed" as const),
    note: result?.note ?? null,
    purchaseId: result?.purchaseId ?? null,
  };
}

/** A delivery of an event another delivery recorded meanwhile: its own effects are undone. */
class AlreadyRecorded extends Error {}

/**
 * Applies the event's effects and records it by id in the same transaction: the record is
 * written last, with the outcome. A redelivery seen before it starts changes nothing; one
 * running alongside the first waits on the same rows and, finding the id taken when it comes
 * to record it, rolls back. A handler error rolls everything back, so Stripe's retry
 * processes the event afresh.
 */
export async function receiveStripeEvent(
  db: Database,
  event: Stripe.Event,
  deps: ReceiveDeps,
): Promise<ReceiveOutcome> {
  const p = await plan(db, event);
  if (p.seen) return { status: "duplicate" };
  const record = (
    tx: Database,
    outcome: { status: "processed" | "ignored"; note: string | null; purchaseId?: string | null },
  ) =>
    recordStripeEvent(tx, {
      id: event.id,
      merchantId: p.connection?.merchantId ?? null,
      account: event.account ?? null,
      type: event.type,
      livemode: event.livemode,
      payload: event,
      createdAt: new Date(event.created * 1000),
      ...outcome,
      purchaseId: outcome.purchaseId ?? null,
    });
  if (!p.handler || !p.connection || !p.merchant) {
    const recorded = await record(db, { status: "ignored", note: p.note });
    return recorded ? { status: "ignored", note: p.note } : { status: "duplicate" };
  }
  const reads = await readAhead(db, event, { connection: p.connection, merchant: p.merchant }, deps);
  try {
    return await db.transaction(async (tx) => {
      const outcome = await run(tx, event, p, deps, reads);
      if (!(await record(tx, outcome))) throw new AlreadyRecorded();
      return outcome;
    });
  } catch (error) {
    if (error instanceof AlreadyRecorded) return { status: "duplicate" };
    throw error;
  }
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

/**
 * Stripe reads happen before the transaction opens (a transaction must never wait on the
 * network: it would hold a connection and its locks for the length of an API call).
 */
async function readAhead(
  db: Database,
  event: Stripe.Event,
  target: { connection: StripeConnection; merchant: Merchant },
  deps: ReceiveDeps,
) {
  const { connection, merchant } = target;
  const stripe = memoizedReads(connectedStripe(deps.stripe(), connection.stripeUserId));
  await prefetchSalesReads(stripe, event, {
    chargeRecorded: async (id, paymentIntentId) =>
      !!(await findPurchaseForCharge(db, connection.merchantId, { id, paymentIntentId })),
    trackedByDates: async (subscriptionId) =>
      ((await subscriptionTrackingMode(db, connection.merchantId, subscriptionId)) ??
        (merchant.trackSubscriptionsByTransaction ? "transaction" : "dates")) === "dates",
  });
  return stripe;
}
