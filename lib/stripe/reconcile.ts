import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import type { Database } from "@/db";
import {
  claimReconcileLease,
  connectionById,
  finishReconcile,
  type ReconcileRecord,
  renewReconcileLease,
} from "@/db/queries/stripe-connections";
import { recordedEventIds } from "@/db/queries/stripe-events";
import type { StripeConnection } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { accountStripe } from "./account";
import { describeStripeError } from "./client";
import type { StripePacer } from "./pacing";
import { handledEventTypes } from "./webhooks/dispatch";
import { type ReceiveDeps, receiveStripeEvent } from "./webhooks/receive";

/**
 * Catching up on missed deliveries (SPEC §4): Stripe's events list for the connected account,
 * every handled event not yet recorded applied through the same path a webhook takes, oldest
 * first. receiveStripeEvent records each event once by id in the transaction of its effects, so
 * a webhook delivery racing the catch-up, or a second catch-up, changes nothing.
 */

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_MS = 30 * 24 * 3600 * 1000;
/**
 * Each run looks this far behind the last one's high-water mark: an event can appear in the list
 * a little after its `created` time, and recorded ids are skipped cheaply.
 */
export const HIGH_WATER_OVERLAP_MS = 10 * 60 * 1000;
/** The list is read one day at a time, so a long outage never sits in memory all at once. */
const WINDOW_SECONDS = 24 * 3600;
const LEASE_MS = 5 * 60 * 1000;
const PAGE_SIZE = 100;

export interface ReconcileDeps extends ReceiveDeps {
  pacer: StripePacer;
  now?: () => Date;
}

export interface ReconcileResult {
  connectionId: string;
  merchantId: string;
  account: string;
  since: Date;
  /** Events in the list, of any type. */
  listed: number;
  /** Handled events not yet recorded: the missed deliveries. */
  found: number;
  /** Of those, processed (or ignored by their handler). */
  applied: number;
  /** Recorded meanwhile by a webhook delivery: nothing done. */
  duplicates: number;
  /** Test events no configured key can read, recorded as skipped. */
  skipped: number;
  failed: number;
  firstError: string | null;
  highWater: Date | null;
}

/** Another run holds the connection's lease. */
export class ReconcileBusyError extends AppError {
  constructor(readonly retryAfterMs: number) {
    super(409, "reconcile_running", "A reconciliation of this Stripe connection is already running");
  }
}

/** Where a run starts unless told: the last high-water mark, never before the connection or Stripe's 30 days. */
export function defaultSince(connection: StripeConnection, now: Date): Date {
  const floors = [connection.connectedAt.getTime(), now.getTime() - EVENT_RETENTION_MS];
  if (connection.reconcileHighWater) {
    floors.push(connection.reconcileHighWater.getTime() - HIGH_WATER_OVERLAP_MS);
  }
  return new Date(Math.max(...floors));
}

/**
 * Reconciles one connection. Throws ReconcileBusyError while another run holds it, and a
 * not-found AppError for a connection that has ended. A failing event is counted (with the
 * first error) and the rest still apply; the high-water mark stays at the oldest failure, so
 * the next run tries it again.
 */
export async function reconcileConnection(
  db: Database,
  connectionId: string,
  deps: ReconcileDeps,
  options: { since?: Date } = {},
): Promise<ReconcileResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const token = randomBytes(9).toString("base64url");
  const connection = await claimReconcileLease(db, {
    connectionId,
    token,
    now: startedAt,
    until: new Date(startedAt.getTime() + LEASE_MS),
  });
  if (!connection) {
    const current = await connectionById(db, connectionId);
    if (!current || current.disconnectedAt) {
      throw notFound(`No live Stripe connection ${connectionId}`);
    }
    const left = (current.reconcileLockedUntil?.getTime() ?? startedAt.getTime()) - startedAt.getTime();
    throw new ReconcileBusyError(Math.max(1_000, left));
  }
  let record: ReconcileRecord | null = null;
  try {
    // Stripe lists nothing older than 30 days: an earlier --since would only cost empty windows.
    const oldest = startedAt.getTime() - EVENT_RETENTION_MS;
    const since = options.since
      ? new Date(Math.max(options.since.getTime(), oldest))
      : defaultSince(connection, startedAt);
    const result = await walk(db, connection, deps, { since, startedAt, token });
    record = {
      at: now(),
      found: result.found,
      applied: result.applied,
      failed: result.failed,
      error: result.firstError,
      highWater: result.highWater,
    };
    return result;
  } finally {
    await finishReconcile(db, { connectionId, token, record });
  }
}

async function walk(
  db: Database,
  connection: StripeConnection,
  deps: ReconcileDeps,
  run: { since: Date; startedAt: Date; token: string },
): Promise<ReconcileResult> {
  const account = connection.stripeUserId;
  const handled = new Set(handledEventTypes());
  const result: ReconcileResult = {
    connectionId: connection.id,
    merchantId: connection.merchantId,
    account,
    since: run.since,
    listed: 0,
    found: 0,
    applied: 0,
    duplicates: 0,
    skipped: 0,
    failed: 0,
    firstError: null,
    highWater: connection.reconcileHighWater,
  };
  let newest: number | null = null;
  let oldestFailed: number | null = null;
  const startSeconds = Math.floor(run.since.getTime() / 1000);
  const nowSeconds = Math.floor(run.startedAt.getTime() / 1000);
  for (let from = startSeconds; ; from += WINDOW_SECONDS) {
    // The last window is open-ended: whatever Stripe has up to this moment.
    const last = from + WINDOW_SECONDS > nowSeconds;
    const listed = await listWindow(connection, deps, { gte: from, lt: last ? null : from + WINDOW_SECONDS });
    result.listed += listed.length;
    for (const event of listed) newest = Math.max(newest ?? event.created, event.created);
    const candidates = listed.filter((e) => handled.has(e.type));
    const recorded = await recordedEventIds(
      db,
      candidates.map((e) => e.id),
    );
    const missed = candidates.filter((e) => !recorded.has(e.id));
    result.found += missed.length;
    const renew = () =>
      renewReconcileLease(db, {
        connectionId: connection.id,
        token: run.token,
        until: new Date(Date.now() + LEASE_MS),
      });
    for (const [i, event] of missed.entries()) {
      // A busy day of events takes a while to apply: the lease must outlast it.
      if (i > 0 && i % 100 === 0) await renew();
      try {
        // Events read through the API may not name the account the way deliveries do.
        const outcome = await receiveStripeEvent(db, { ...event, account: event.account ?? account }, deps);
        if (outcome.status === "duplicate") result.duplicates++;
        else if (outcome.status === "skipped") result.skipped++;
        else result.applied++;
      } catch (error) {
        result.failed++;
        result.firstError ??= `${event.id} (${event.type}): ${describeStripeError(error)}`;
        oldestFailed = Math.min(oldestFailed ?? event.created, event.created);
      }
    }
    await renew();
    if (last) break;
  }
  // Never ahead of this run's start (nothing newer has been looked at), never past a failure.
  const seen = newest === null ? null : Math.min(newest, nowSeconds);
  const mark = oldestFailed ?? seen;
  if (mark !== null) {
    const previous = connection.reconcileHighWater?.getTime() ?? 0;
    result.highWater =
      oldestFailed !== null ? new Date(mark * 1000) : new Date(Math.max(previous, mark * 1000));
  }
  return result;
}

/**
 * One window of the events list, oldest first. Stripe lists newest first (events created in the
 * same second in its own order); reversing keeps that order, and the stable sort by `created`
 * puts the whole window in time order. A key lists only its own mode's events, so a live
 * connection's test events are listed with the test key when there is one. Each page waits for
 * the account's turn.
 */
async function listWindow(
  connection: StripeConnection,
  deps: ReconcileDeps,
  window: { gte: number; lt: number | null },
): Promise<Stripe.Event[]> {
  // The merchant's own key lists its own mode's events; its endpoint receives no others.
  const test = connection.livemode && connection.kind === "oauth" ? deps.testStripe?.() : null;
  const created: Stripe.RangeQueryParam =
    window.lt === null ? { gte: window.gte } : { gte: window.gte, lt: window.lt };
  const events: Stripe.Event[] = [];
  for (const platform of test ? [deps.stripe, () => test] : [deps.stripe]) {
    const api = accountStripe(connection, { platform, pacer: deps.pacer, job: true });
    const listed: Stripe.Event[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await api.listEvents({
        created,
        limit: PAGE_SIZE,
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      });
      listed.push(...page.data);
      if (!page.has_more || page.data.length === 0) break;
      startingAfter = page.data[page.data.length - 1]!.id;
    }
    events.push(...listed.reverse());
  }
  // One server standing in for both modes answers both lists alike: keep each event once.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  return unique.sort((a, b) => a.created - b.created);
}
