import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAffiliate } from "@/db/queries/affiliates";
import { stripeConnections, stripeEvents } from "@/db/schema";
import { updateAffiliate } from "@/lib/affiliates/update";
import { saveCouponSettings } from "@/lib/coupons/settings";
import { resetEnvCache } from "@/lib/env";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { ledger, trackedVisitor } from "@/lib/sales/sales-testing";
import { LEADTRAIL_PERMISSIONS } from "@/stripe-simulator";
import { connectWithApiKey, PINNED_API_VERSION } from "./connect-key";
import { disconnectStripe } from "./disconnect";
import { checkKeyConnection } from "./key-health";
import { unpaced } from "./pacing";
import {
  connectThroughStripe,
  newMerchant,
  type StripeTestbed,
  startStripeTestbed,
  TEST_ENCRYPTION_KEY,
} from "./testing";
import { handledEventTypes } from "./webhooks/dispatch";
import { handleConnectionWebhook } from "./webhooks/handle-connection-request";

let bed: StripeTestbed;
let app: Server;
let appUrl: string;
const saved = { ENCRYPTION_KEY: process.env.ENCRYPTION_KEY, STRIPE_API_BASE: process.env.STRIPE_API_BASE };

beforeAll(async () => {
  bed = await startStripeTestbed();
  // The merchant's key goes to the simulator; stored secrets use the test encryption key.
  process.env.ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
  process.env.STRIPE_API_BASE = bed.sim.url;
  resetEnvCache();
  // The app's per-connection endpoint, as app/api/stripe/webhook/[connection]/route.ts serves it.
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const connectionId = /^\/api\/stripe\/webhook\/([^/?]+)$/.exec(req.url ?? "")?.[1] ?? "";
    const result = await handleConnectionWebhook(bed.db, {
      connectionId,
      body: Buffer.concat(chunks).toString("utf8"),
      signature: req.headers["stripe-signature"]?.toString() ?? null,
    });
    res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(async () => {
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
  await bed?.close();
  Object.assign(process.env, saved);
  resetEnvCache();
});

const rowsOf = (merchantId: string) =>
  bed.db.select().from(stripeConnections).where(eq(stripeConnections.merchantId, merchantId));
const endpointsOf = (account: string) => [
  ...(bed.sim.state.accounts.get(account)?.webhookEndpoints.values() ?? []),
];
const connect = (who: { merchantId: string; userId: string }, key: string) =>
  connectWithApiKey(bed.db, who, key, { appUrl });

async function keyConnected(permissions: readonly string[] = LEADTRAIL_PERMISSIONS) {
  const who = await newMerchant(bed);
  const { key, account } = bed.sim.createRestrictedKey({ permissions });
  const result = await connect(who, key);
  if (!result.ok) throw new Error(result.message);
  return { who, key, account, connection: result.connection };
}

describe("connecting with a restricted API key", () => {
  it("refuses a publishable key and garbage, storing nothing and calling nobody", async () => {
    const who = await newMerchant(bed);
    const before = bed.sim.state.requests.length;
    const pk = await connect(who, "pk_test_51abcdefghijklmnopqrstuvwxyz");
    expect(pk).toMatchObject({
      ok: false,
      code: "publishable_key",
      message: expect.stringContaining("publishable key"),
    });
    for (const garbage of ["", "hello", "sk_test_", "rk_prod_abcdefghijkl", "rk_test_abc def ghi jkl"]) {
      expect(await connect(who, garbage)).toMatchObject({
        ok: false,
        message: expect.stringContaining("does not look like a Stripe API key"),
      });
    }
    expect(bed.sim.state.requests.length).toBe(before);
    expect(await rowsOf(who.merchantId)).toEqual([]);
  });

  it("refuses a key lacking a permission and names it; no endpoint is made", async () => {
    const who = await newMerchant(bed);
    const { key, account } = bed.sim.createRestrictedKey({
      permissions: LEADTRAIL_PERMISSIONS.filter((p) => p !== "rak_event_read" && p !== "rak_coupon_write"),
    });
    const result = await connect(who, key);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain("missing permissions Leadtrail needs: Events (Read), Coupons (Write).");
    expect(await rowsOf(who.merchantId)).toEqual([]);
    expect(endpointsOf(account)).toEqual([]);

    const noWebhooks = bed.sim.createRestrictedKey({
      permissions: LEADTRAIL_PERMISSIONS.filter((p) => p !== "rak_webhook_write"),
    });
    const refused = await connect(who, noWebhooks.key);
    expect(refused).toMatchObject({
      ok: false,
      missing: ["rak_webhook_write"],
      message: expect.stringContaining(": Webhook endpoints (Write)."),
    });
    expect(await rowsOf(who.merchantId)).toEqual([]);
  });

  it("creates the endpoint for the connection's URL and stores key and secret encrypted", async () => {
    const { key, account, connection } = await keyConnected();
    expect(connection).toMatchObject({
      kind: "api_key",
      stripeUserId: account,
      livemode: false,
      scope: "restricted_key",
    });
    const [endpoint] = endpointsOf(account);
    expect(endpoint).toMatchObject({
      url: `${appUrl}/api/stripe/webhook/${connection.id}`,
      api_version: PINNED_API_VERSION,
      enabled_events: handledEventTypes(),
    });
    expect(connection.webhookEndpointId).toBe(endpoint?.id);
    const [raw] = await rowsOf(connection.merchantId);
    expect(JSON.stringify(raw)).not.toContain(key);
    expect(JSON.stringify(raw)).not.toContain(endpoint?.secret);
    // Every call was made with the key alone, never naming an account.
    const made = bed.sim.state.requests.filter((r) => r.path === "/v1/webhook_endpoints");
    expect(made.at(-1)).toMatchObject({ account: null, status: 200 });
  });

  it("a live key makes a live connection; a secret key is accepted with a recommendation", async () => {
    const who = await newMerchant(bed);
    const { key } = bed.sim.createSecretKey({ livemode: true });
    const result = await connect(who, ` ${key} `);
    expect(result).toMatchObject({ ok: true, connection: { livemode: true, scope: "secret_key" } });
    if (result.ok) expect(result.note).toContain("We recommend a restricted key");
  });

  it("an account already connected elsewhere is refused, and its endpoint not left behind", async () => {
    const first = await keyConnected();
    const other = await newMerchant(bed);
    const second = bed.sim.createRestrictedKey({
      account: first.account,
      permissions: LEADTRAIL_PERMISSIONS,
    });
    expect(await connect(other, second.key)).toMatchObject({
      ok: false,
      message: expect.stringContaining("already connected to another Leadtrail merchant"),
    });
    expect(endpointsOf(first.account)).toHaveLength(1);
  });
});

describe("events through the connection's endpoint", () => {
  it("a sale in the account arrives as a direct event and is attributed, with reads made by the key", async () => {
    const { who, account } = await keyConnected();
    const affiliate = await insertAffiliate(bed.db, {
      merchantId: who.merchantId,
      email: "maya-key@example.com",
      code: "mayakey",
      firstName: "Maya",
    });
    await trackedVisitor(bed, who.merchantId, affiliate.id, "buyer@example.com");
    const sale = await bed.sim.events.checkoutPayment({ account, email: "buyer@example.com", amount: 4999 });
    expect(sale.deliveries.length).toBeGreaterThan(0);
    expect(sale.deliveries.every((d) => d.status === 200 && d.endpoint)).toBe(true);
    const { purchases, commissions } = await ledger(bed, who.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({
        amount: 4999,
        attribution: "email",
        affiliateId: affiliate.id,
        livemode: false,
      }),
    ]);
    expect(commissions.map((c) => c.amount)).toEqual([1000]);
    const reads = bed.sim.state.requests.filter(
      (r) => r.method === "GET" && r.params && r.at >= sale.events[0]!.created * 1000 - 1000,
    );
    expect(reads.every((r) => r.account === null)).toBe(true);
  });

  it("an event signed with another connection's secret is refused and nothing is stored", async () => {
    const victim = await keyConnected();
    const attacker = await keyConnected();
    const { events } = await bed.sim.events.checkoutPayment({
      account: attacker.account,
      email: "x@example.com",
      amount: 100,
      deliver: false,
    });
    const { account: _a, ...event } = events[0]!;
    const attackerSecret = endpointsOf(attacker.account)[0]!.secret;
    const answer = await bed.sim.deliver(event, {
      url: `${appUrl}/api/stripe/webhook/${victim.connection.id}`,
      secret: attackerSecret,
    });
    expect(answer.status).toBe(400);
    expect(await bed.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toEqual([]);
    // And the platform's Connect secret does not open it either.
    const platformSigned = await bed.sim.deliver(event, {
      url: `${appUrl}/api/stripe/webhook/${victim.connection.id}`,
    });
    expect(platformSigned.status).toBe(400);
    const unknown = await bed.sim.deliver(event, {
      url: `${appUrl}/api/stripe/webhook/sc_nope`,
      secret: attackerSecret,
    });
    expect(unknown.status).toBe(404);
  });
});

describe("catching up with the merchant's own key", () => {
  it("events the endpoint missed are applied from the events list read with the key", async () => {
    const { who, account } = await keyConnected();
    await bed.sim.events.checkoutPayment({
      account,
      email: "missed@example.com",
      amount: 3100,
      deliver: false,
    });
    const since = bed.sim.state.requests.length;
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    const { purchases } = await ledger(bed, who.merchantId);
    expect(purchases).toEqual([expect.objectContaining({ amount: 3100, status: "completed" })]);
    const listed = bed.sim.state.requests.slice(since).filter((r) => r.path === "/v1/events");
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((r) => r.account === null && r.status === 200)).toBe(true);
  });
});

describe("coupon sync through the merchant's own key", () => {
  it("bulk and automatic sync create the promotion codes in that account, naming no account", async () => {
    const { who, account } = await keyConnected();
    const affiliate = await insertAffiliate(bed.db, {
      merchantId: who.merchantId,
      email: "kim-key@example.com",
      code: "kimkey",
      firstName: "Kim",
    });
    await saveCouponSettings(bed.db, {
      merchantId: who.merchantId,
      actorUserId: who.userId,
      input: {
        discountType: "percent",
        percentOffBps: 1000,
        amountOff: null,
        currency: null,
        duration: "once",
        durationMonths: null,
        autoSync: true,
      },
    });
    await updateAffiliate(bed.db, who.merchantId, affiliate.id, { couponCode: "KIMKEY10" });
    const since = bed.sim.state.requests.length;
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    const promos = [...(bed.sim.state.accounts.get(account)?.promotionCodes.values() ?? [])];
    expect(promos.map((p) => [p.code, p.active])).toEqual([["KIMKEY10", true]]);
    const calls = bed.sim.state.requests.slice(since).filter((r) => r.path.startsWith("/v1/"));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((r) => r.account === null)).toBe(true);
  });
});

describe("needs attention, and disconnect", () => {
  it("a key revoked while events arrive marks the connection, and Stripe is asked to retry", async () => {
    const { key, account, connection } = await keyConnected();
    bed.sim.revokeKey(key);
    const sale = await bed.sim.events.checkoutPayment({ account, email: "late@example.com", amount: 700 });
    expect(sale.deliveries.some((d) => d.status === 500)).toBe(true);
    const [row] = await rowsOf(connection.merchantId);
    expect(row?.attentionReason).toBe("key_revoked");
  });

  it("a revoked key shows as needing attention", async () => {
    const { key, connection } = await keyConnected();
    bed.sim.revokeKey(key);
    expect(await checkKeyConnection(bed.db, connection)).toBe("key_revoked");
    const [row] = await rowsOf(connection.merchantId);
    expect(row).toMatchObject({ attentionReason: "key_revoked", disconnectedAt: null });
  });

  it("a deleted endpoint shows as needing attention, found by the reconciliation job", async () => {
    const { key, connection, account } = await keyConnected();
    const stripe = new Stripe(key, { host: "127.0.0.1", port: bed.sim.port, protocol: "http" });
    await stripe.webhookEndpoints.del(connection.webhookEndpointId!);
    expect(endpointsOf(account)).toEqual([]);
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    const [row] = await rowsOf(connection.merchantId);
    expect(row?.attentionReason).toBe("endpoint_missing");
  });

  it("disconnect deletes the endpoint in Stripe and forgets key and secret; later events are ignored", async () => {
    const { who, account, connection } = await keyConnected();
    const endpointId = connection.webhookEndpointId!;
    const secret = endpointsOf(account)[0]!.secret;
    await disconnectStripe(bed.db, who, () => {
      throw new Error("a key connection needs no platform");
    });
    expect(endpointsOf(account)).toEqual([]);
    const [row] = await rowsOf(who.merchantId);
    expect(row).toMatchObject({ apiKeyEnc: null, webhookSecretEnc: null, webhookEndpointId: endpointId });
    expect(row?.disconnectedAt).toBeInstanceOf(Date);
    const { events } = await bed.sim.events.checkoutPayment({
      account,
      email: "y@example.com",
      amount: 100,
      deliver: false,
    });
    const answer = await bed.sim.deliver(events[0]!, {
      url: `${appUrl}/api/stripe/webhook/${connection.id}`,
      secret,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "ignored" });
  });

  it("an OAuth connection is untouched by all this: its calls still name the account", async () => {
    const who = await newMerchant(bed);
    const { result } = await connectThroughStripe(bed, who);
    expect(result).toMatchObject({ ok: true, connection: { kind: "oauth", apiKeyEnc: null } });
  });
});
