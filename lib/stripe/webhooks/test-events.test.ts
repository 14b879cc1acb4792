import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skippedEventsSummary } from "@/db/queries/stripe-events";
import { purchases, stripeEvents } from "@/db/schema";
import { connectedShop, ledger } from "@/lib/sales/sales-testing";
import { DEFAULT_WEBHOOK_SECRET } from "@/stripe-simulator";
import { createStripeClient } from "../client";
import { type StripeTestbed, startStripeTestbed } from "../testing";
import { handleStripeWebhook } from "./handle-request";
import { TEST_EVENT_SKIPPED } from "./receive";

/**
 * Stripe sends a live connection's test events to the live endpoint too (SPEC §4). The event's
 * own mode picks the key: without a test key they are acknowledged and recorded as skipped,
 * never a 5xx that Stripe would retry for days; with one, they are processed with it.
 */
let bed: StripeTestbed;
let endpoint: { url: string; server: Server };
let testKey: "none" | "simulator" = "none";
beforeAll(async () => {
  bed = await startStripeTestbed();
  // The live platform key is refused by the simulator: an event read with it fails loudly.
  const live = createStripeClient({
    secretKey: "sk_live_platform",
    apiBase: bed.sim.url,
    maxNetworkRetries: 0,
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const result = await handleStripeWebhook(
      bed.db,
      {
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["stripe-signature"]?.toString() ?? null,
      },
      {
        stripe: live,
        testStripe: testKey === "simulator" ? bed.stripe : null,
        webhookSecret: DEFAULT_WEBHOOK_SECRET,
      },
    );
    res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook` };
}, 30_000);
afterAll(async () => {
  endpoint?.server.closeAllConnections();
  await new Promise((resolve) => endpoint?.server.close(resolve));
  await bed?.close();
});

/** A sale on a live connection whose events are test-mode ones, as Stripe delivers them. */
async function testModeSale(shop: Awaited<ReturnType<typeof connectedShop>>) {
  const sale = await bed.sim.events.checkoutPayment({
    account: shop.account,
    email: "tester@example.com",
    amount: 2000,
    deliver: false,
  });
  // The live account's test-mode objects: what a test key reads, and what the events carry.
  for (const object of [sale.session, sale.charge, sale.paymentIntent, sale.customer, sale.invoice]) {
    if (object) (object as { livemode: boolean }).livemode = false;
  }
  return sale.events.map((event) => ({
    ...event,
    livemode: false,
    data: { ...event.data, object: { ...event.data.object, livemode: false } },
  }));
}

describe("test-mode events on a live connection", () => {
  it("without a test key: 200, recorded as skipped with the reason, nothing else stored", async () => {
    testKey = "none";
    const shop = await connectedShop(bed, { mode: "live" });
    const events = await testModeSale(shop);
    const before = bed.sim.state.requests.length;
    for (const event of events) {
      const answer = await bed.sim.deliver(event, { url: endpoint.url });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        received: true,
        status: "skipped",
        note: TEST_EVENT_SKIPPED,
      });
    }
    expect(bed.sim.state.requests.length).toBe(before); // nothing was read from Stripe
    const rows = await bed.db
      .select()
      .from(stripeEvents)
      .where(
        inArray(
          stripeEvents.id,
          events.map((e) => e.id),
        ),
      );
    expect(rows.map((r) => [r.status, r.note, r.livemode, r.merchantId])).toEqual(
      events.map(() => ["skipped", TEST_EVENT_SKIPPED, false, shop.merchantId]),
    );
    expect(await ledger(bed, shop.merchantId)).toEqual({ purchases: [], commissions: [] });
    const summary = await skippedEventsSummary(bed.db, shop.merchantId);
    expect(summary.count).toBe(events.length);
    expect(summary.latest).toMatchObject({ note: TEST_EVENT_SKIPPED });
    expect(events.map((e) => e.id)).toContain(summary.latest!.id);

    // A redelivery is a duplicate, still 200.
    const again = await bed.sim.deliver(events[0]!, { url: endpoint.url });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ status: "duplicate" });
  });

  it("with a test key: processed, its objects read with that key", async () => {
    testKey = "simulator";
    const shop = await connectedShop(bed, { mode: "live" });
    const events = await testModeSale(shop);
    for (const event of events) {
      const answer = await bed.sim.deliver(event, { url: endpoint.url });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ received: true, status: "processed" });
    }
    const rows = await bed.db
      .select({ livemode: purchases.livemode, amount: purchases.amount })
      .from(purchases)
      .where(inArray(purchases.merchantId, [shop.merchantId]));
    expect(rows).toEqual([{ livemode: false, amount: 2000 }]);
    expect((await skippedEventsSummary(bed.db, shop.merchantId)).count).toBe(0);
    // Every read went to the merchant's account with the test key (the live one is refused: 401).
    const reads = bed.sim.state.requests.filter((r) => r.account === shop.account);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.status === 200)).toBe(true);
  });

  it("a live event on a live connection still uses the live key", async () => {
    testKey = "simulator";
    const shop = await connectedShop(bed, { mode: "live" });
    const sale = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "live@example.com",
      amount: 2000,
      deliver: false,
    });
    const charge = sale.events.find((e) => e.type === "charge.succeeded")!;
    const answer = await bed.sim.deliver(charge, { url: endpoint.url });
    // The live key here is one the simulator refuses, so reading with it fails: proof it was used.
    expect(answer.status).toBe(500);
    const unauthorized = bed.sim.state.requests.filter((r) => r.account === shop.account && r.status === 401);
    expect(unauthorized.length).toBeGreaterThan(0);
  });
});
