import type Stripe from "stripe";
import type { Database } from "@/db";
import { mayBeCredited } from "@/db/queries/fraud";
import { findPurchaseForCharge, invoiceSaleHasCard } from "@/db/queries/purchases";
import {
  eventTarget,
  findStripeEventForUpdate,
  recordStripeEvent,
  updateStripeEventOutcome,
} from "@/db/queries/stripe-events";
import { subscriptionTrackingMode } from "@/db/queries/subscriptions";
import type { Merchant, StripeConnection, StripeEvent } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { prefetchSalesReads } from "@/lib/sales/prefetch";
import { accountStripe } from "../account";
import type { ConnectedStripe } from "../connected";
import { memoizedReads } from "../memoized-reads";
import type { StripePacer } from "../pacing";
import { settledReads } from "../settled-reads";
import { handlerFor } from "./dispatch";
import type { EventHandler } from "./types";

export interface ReceiveDeps {
  /** The platform client; only touched if a handler fetches from the API. */
  stripe: () => Stripe;
  /**
   * The platform's test-mode client (STRIPE_TEST_SECRET_KEY), or null: a live connection's test
   * events carry test-mode objects, which only a test key can read.
   */
  testStripe?: () => Stripe | null;
  /** Waits for the account's turn before each API call (background catch-up keeps to the rate limit). */
  pacer?: StripePacer;
}

export interface ReceiveOutcome {
  status: "processed" | "ignored" | "skipped" | "duplicate";
  note?: string | null;
  purchaseId?: string | null;
}

type Unrun = { status: "ignored" | "skipped"; note: string };

/** Which merchant the event is for and who handles it with which key, or why nobody does. */
type Plan =
  | {
      connection: StripeConnection;
      merchant: Merchant;
      handler: EventHandler;
      /** The platform client of the event's own mode. */
      platform: () => Stripe;
      unrun: null;
      /** Already recorded: a redelivery, which will change nothing. */
      seen: boolean;
    }
  | { connection: StripeConnection | null; merchant: Merchant | null; unrun: Unrun; seen: boolean };

export const TEST_EVENT_SKIPPED =
  "test-mode event on a live connection; set STRIPE_TEST_SECRET_KEY to process it";

/**
 * Stripe sends a live connection's test events to the live endpoint too; each event's own mode
 * picks the key that can read its objects. Null: no configured key can.
 */
function platformFor(event: Stripe.Event, connection: StripeConnection, deps: ReceiveDeps) {
  // The merchant's own key reads its own account; its endpoint gets only that key's mode.
  if (event.livemode || !connection.livemode || connection.kind === "api_key") return deps.stripe;
  const test = deps.testStripe?.();
  return test ? () => test : null;
}

/**
 * One query, made before the transaction. A connection that ends in the instant between is
 * harmless: its events are processed as if they had arrived a moment earlier.
 */
async function plan(db: Database, event: Stripe.Event, deps: ReceiveDeps): Promise<Plan> {
  const none = { connection: null, merchant: null, seen: false };
  const ignored = (note: string): Unrun => ({ status: "ignored", note });
  if (!event.account) return { ...none, unrun: ignored("not a Connect event") };
  const target = await eventTarget(db, event.id, event.account);
  if (!target) return { ...none, unrun: ignored("no active connection for this account") };
  const handler = handlerFor(event.type);
  if (!handler) return { ...target, unrun: ignored("event type not handled") };
  const platform = platformFor(event, target.connection, deps);
  if (!platform) return { ...target, unrun: { status: "skipped", note: TEST_EVENT_SKIPPED } };
  return { ...target, handler, platform, unrun: null };
}

/** The account-bound API for a handler, paced when the caller keeps to a rate budget. */
function accountApi(p: Extract<Plan, { unrun: null }>, deps: ReceiveDeps): ConnectedStripe {
  return accountStripe(p.connection, { platform: p.platform, pacer: deps.pacer, job: !!deps.pacer });
}

async function run(db: Database, event: Stripe.Event, p: Plan, deps: ReceiveDeps, reads?: ConnectedStripe) {
  if (p.unrun) return { ...p.unrun, purchaseId: null };
  const connection = p.connection;
  const stripe = reads ?? accountApi(p, deps);
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
  const p = await plan(db, event, deps);
  if (p.seen) return { status: "duplicate" };
  const record = (
    tx: Database,
    outcome: { status: StripeEvent["status"]; note: string | null; purchaseId?: string | null },
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
  if (p.unrun) {
    // Acknowledged, never a 5xx: Stripe would retry an event nobody here can process for days.
    const recorded = await record(db, p.unrun);
    return recorded ? p.unrun : { status: "duplicate" };
  }
  const reads = await readAhead(db, event, p, deps);
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
    const p = await plan(tx, event, deps);
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
  p: Extract<Plan, { unrun: null }>,
  deps: ReceiveDeps,
) {
  const { connection, merchant } = p;
  const stripe = memoizedReads(settledReads(accountApi(p, deps)));
  await prefetchSalesReads(stripe, event, {
    chargeRecorded: async (id, paymentIntentId) =>
      !!(await findPurchaseForCharge(db, connection.merchantId, { id, paymentIntentId })),
    trackedByDates: async (subscriptionId) =>
      ((await subscriptionTrackingMode(db, connection.merchantId, subscriptionId)) ??
        (merchant.trackSubscriptionsByTransaction ? "transaction" : "dates")) === "dates",
    mayCredit: (hints) => mayBeCredited(db, connection.merchantId, hints),
    invoiceCardKnown: (invoiceId) => invoiceSaleHasCard(db, connection.merchantId, invoiceId),
  });
  return stripe;
}
