import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { stripeConnections, stripeEvents } from "@/db/schema";
import { connectedShop } from "@/lib/sales/sales-testing";
import { ReconcileBusyError } from "./reconcile";
import { labelledLedger, outageSales, reconcileShop, type Shop } from "./reconcile-testing";
import { type StripeTestbed, startStripeTestbed } from "./testing";

/**
 * Missed deliveries caught up from Stripe's events list. Each case runs the same sales in two
 * shops: one receives every event by webhook, the other receives none (an outage) and
 * reconciles. Both ledgers must come out the same.
 */
let bed: StripeTestbed;
let delivered: {
  shop: Shop;
  ledger: Awaited<ReturnType<typeof labelledLedger>>;
  outcomes: string[];
};
beforeAll(async () => {
  bed = await startStripeTestbed();
  const shop = await connectedShop(bed);
  const { events, labels } = await outageSales(bed, shop, { deliver: true });
  delivered = {
    shop,
    ledger: await labelledLedger(bed, shop, labels),
    outcomes: await outcomes(events.map((e) => e.id)),
  };
}, 60_000);
afterAll(() => bed?.close());

const connectionOf = async (shop: Shop) => (await activeConnectionForMerchant(bed.db, shop.merchantId))!;
const recorded = (ids: string[]) =>
  bed.db
    .select({ id: stripeEvents.id, status: stripeEvents.status, n: sql<number>`count(*) over ()::int` })
    .from(stripeEvents)
    .where(inArray(stripeEvents.id, ids));

/** Each event's type and recorded outcome, sorted: the same sales must be recorded the same way. */
async function outcomes(ids: string[]) {
  const rows = await bed.db
    .select({ type: stripeEvents.type, status: stripeEvents.status, note: stripeEvents.note })
    .from(stripeEvents)
    .where(inArray(stripeEvents.id, ids));
  return rows
    .map((r) => `${r.type} ${r.status} ${(r.note ?? "").replace(/\b(pur|re|dp|cn)_\w+/g, "$1_…")}`)
    .sort();
}

describe("stripe:reconcile after an outage", () => {
  it("applies 100 undelivered events once each; the ledger equals delivering them; a second run applies none", async () => {
    const shop = await connectedShop(bed);
    const { events, labels } = await outageSales(bed, shop, { deliver: false });
    expect(events).toHaveLength(100);
    expect(await recorded(events.map((e) => e.id))).toEqual([]);
    const connection = await connectionOf(shop);

    const first = await reconcileShop(bed, connection.id);
    expect(first).toMatchObject({ found: 100, applied: 100, duplicates: 0, failed: 0, firstError: null });
    expect(first.listed).toBeGreaterThanOrEqual(100);
    const rows = await recorded(events.map((e) => e.id));
    expect(rows).toHaveLength(100);
    expect(await outcomes(events.map((e) => e.id))).toEqual(delivered.outcomes);
    expect(await labelledLedger(bed, shop, labels)).toEqual(delivered.ledger);
    expect(delivered.ledger.purchases.length).toBe(29);

    const stored = await connectionOf(shop);
    expect(stored).toMatchObject({
      reconcileFound: 100,
      reconcileApplied: 100,
      reconcileFailed: 0,
      reconcileError: null,
      reconcileLockToken: null,
    });
    expect(stored.reconciledAt).toBeInstanceOf(Date);
    expect(stored.reconcileHighWater!.getTime()).toBeLessThanOrEqual(Date.now());

    const second = await reconcileShop(bed, connection.id);
    expect(second).toMatchObject({ found: 0, applied: 0, failed: 0 });
    expect(await recorded(events.map((e) => e.id))).toHaveLength(100);
    expect(await labelledLedger(bed, shop, labels)).toEqual(delivered.ledger);
    expect(await connectionOf(shop)).toMatchObject({ reconcileFound: 0, reconcileApplied: 0 });
  }, 60_000);

  it("applies only the events webhooks did not deliver", async () => {
    const shop = await connectedShop(bed);
    const { events, labels } = await outageSales(bed, shop, { deliver: false });
    const arrived = events.filter((_, i) => i % 3 === 0);
    for (const event of arrived) expect((await bed.sim.deliver(event)).status).toBe(200);

    const result = await reconcileShop(bed, (await connectionOf(shop)).id);
    expect(result).toMatchObject({
      found: events.length - arrived.length,
      applied: events.length - arrived.length,
      failed: 0,
    });
    expect(await recorded(events.map((e) => e.id))).toHaveLength(100);
    expect(await labelledLedger(bed, shop, labels)).toEqual(delivered.ledger);
  }, 60_000);

  it("a webhook delivery racing the reconciler counts once", async () => {
    const shop = await connectedShop(bed);
    const { events, labels } = await outageSales(bed, shop, { deliver: false });
    const connection = await connectionOf(shop);
    const [result, answers] = await Promise.all([
      reconcileShop(bed, connection.id),
      Promise.all(events.map((event) => bed.sim.deliver(event))),
    ]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(result.failed).toBe(0);
    // Whatever the reconciler found recorded was either applied by it or lost the race to a delivery.
    expect(result.applied + result.duplicates).toBe(result.found);
    expect(await recorded(events.map((e) => e.id))).toHaveLength(100);
    expect(await labelledLedger(bed, shop, labels)).toEqual(delivered.ledger);
  }, 60_000);

  it("reports failing events with the first error, applies the rest, and retries them next time", async () => {
    const shop = await connectedShop(bed);
    const { events, labels } = await outageSales(bed, shop, { deliver: false });
    const connection = await connectionOf(shop);
    // Stripe cannot answer for invoices meanwhile: the events that must read one fail.
    bed.sim.injectFaults({ status: 500, path: /^\/v1\/invoices\// });
    let first: Awaited<ReturnType<typeof reconcileShop>>;
    try {
      first = await reconcileShop(bed, connection.id);
    } finally {
      bed.sim.clearFaults();
    }
    expect(first.found).toBe(100);
    expect(first.failed).toBeGreaterThan(0);
    expect(first.applied).toBe(100 - first.failed);
    expect(first.firstError).toMatch(/^evt_\w+ \([a-z._]+\): .*500/);
    const stored = await connectionOf(shop);
    expect(stored).toMatchObject({
      reconcileFound: 100,
      reconcileFailed: first.failed,
      reconcileError: first.firstError,
    });
    // The high-water mark waits at the oldest failure, so the next run lists it again.
    const applied = new Set((await recorded(events.map((e) => e.id))).map((r) => r.id));
    const failing = events.filter((e) => !applied.has(e.id));
    expect(failing).toHaveLength(first.failed);
    const oldestFailure = Math.min(...failing.map((e) => e.created));
    expect(stored.reconcileHighWater!.getTime()).toBe(oldestFailure * 1000);

    const second = await reconcileShop(bed, connection.id);
    expect(second).toMatchObject({ found: first.failed, applied: first.failed, failed: 0, firstError: null });
    expect(await recorded(events.map((e) => e.id))).toHaveLength(100);
    expect(await labelledLedger(bed, shop, labels)).toEqual(delivered.ledger);
    expect(await connectionOf(shop)).toMatchObject({ reconcileFailed: 0, reconcileError: null });
  }, 60_000);

  it("starts from --since when given, and one run at a time holds a connection", async () => {
    const shop = await connectedShop(bed);
    const { events } = await outageSales(bed, shop, { deliver: false, oneOffs: 2, subscriptions: 0 });
    const connection = await connectionOf(shop);
    // After everything: nothing to find.
    const later = await reconcileShop(bed, connection.id, {
      since: new Date((Math.max(...events.map((e) => e.created)) + 1) * 1000),
    });
    expect(later).toMatchObject({ listed: 0, found: 0 });

    await bed.db
      .update(stripeConnections)
      .set({ reconcileLockToken: "other", reconcileLockedUntil: new Date(Date.now() + 60_000) })
      .where(eq(stripeConnections.id, connection.id));
    await expect(reconcileShop(bed, connection.id)).rejects.toBeInstanceOf(ReconcileBusyError);
    // An expired lease (its process died) does not hold anyone up.
    await bed.db
      .update(stripeConnections)
      .set({ reconcileLockedUntil: new Date(Date.now() - 1_000) })
      .where(eq(stripeConnections.id, connection.id));
    expect(await reconcileShop(bed, connection.id)).toMatchObject({ found: events.length, failed: 0 });
  }, 60_000);
});
