import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEADTRAIL_PERMISSIONS, type StripeSimulator } from "../index";
import { failure, sdk, start } from "../testing";

let sim: StripeSimulator;

beforeAll(async () => {
  ({ sim } = await start({ endpointRetry: { retries: 2, baseDelayMs: 20 } }));
});
afterAll(async () => {
  await sim.close();
});

describe("an account's own keys", () => {
  it("a restricted key acts on its own account without Stripe-Account", async () => {
    const { key, account } = sim.createRestrictedKey({ permissions: LEADTRAIL_PERMISSIONS });
    expect(key).toMatch(/^rk_test_/);
    const stripe = sdk(sim, { key });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    expect(sim.state.accounts.get(account)?.coupons.has(coupon.id)).toBe(true);
    expect(sim.state.platform.coupons.has(coupon.id)).toBe(false);
    expect((await stripe.customers.list({ limit: 1 })).data).toEqual([]);
  });

  it("a missing permission is a 403 naming it, as Stripe words it", async () => {
    const { key } = sim.createRestrictedKey({
      permissions: LEADTRAIL_PERMISSIONS.filter((p) => p !== "rak_event_read"),
    });
    const error = await failure(sdk(sim, { key }).events.list({ limit: 1 }));
    expect(error.statusCode).toBe(403);
    expect(error.type).toBe("StripePermissionError");
    expect(error.message).toMatch(
      /^The provided key 'rk_test_\**\w{4}' does not have the required permissions for this endpoint on account 'acct_\w+'\. Having the 'rak_event_read' permission would allow this request to continue\.$/,
    );
    // Read permission alone does not allow writes.
    const reader = sim.createRestrictedKey({ permissions: ["rak_coupon_read"] });
    const write = await failure(
      sdk(sim, { key: reader.key }).coupons.create({ percent_off: 5, duration: "once" }),
    );
    expect(write.message).toContain("'rak_coupon_write'");
    await sdk(sim, { key: reader.key }).coupons.list({ limit: 1 });
  });

  it("a secret key of the account may do anything; a revoked key answers 401", async () => {
    const { key, account } = sim.createSecretKey({ livemode: true });
    expect(key).toMatch(/^sk_live_/);
    const stripe = sdk(sim, { key });
    expect((await stripe.events.list({ limit: 1 })).object).toBe("list");
    const other = sim.createSecretKey();
    const foreign = await failure(stripe.customers.list({}, { stripeAccount: other.account }));
    expect(foreign.statusCode).toBe(403);
    sim.revokeKey(key);
    const revoked = await failure(stripe.customers.list({}));
    expect(revoked.statusCode).toBe(401);
    expect(revoked.type).toBe("StripeAuthenticationError");
    expect(sim.state.accounts.get(account)?.livemode).toBe(true);
  });
});

describe("webhook endpoints", () => {
  it("create returns the secret once; list, retrieve and delete", async () => {
    const { key, account } = sim.createRestrictedKey({ permissions: ["rak_webhook_write"] });
    const stripe = sdk(sim, { key });
    const created = await stripe.webhookEndpoints.create({
      url: "https://example.com/hook",
      enabled_events: ["charge.succeeded"],
      api_version: "2026-10-28.endive",
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({ object: "webhook_endpoint", status: "enabled", livemode: false });
    const fetched = await stripe.webhookEndpoints.retrieve(created.id);
    expect(fetched.secret).toBeUndefined();
    expect(fetched.enabled_events).toEqual(["charge.succeeded"]);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([created.id]);
    expect(await stripe.webhookEndpoints.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    expect(sim.state.accounts.get(account)?.webhookEndpoints.size).toBe(0);
    expect((await failure(stripe.webhookEndpoints.retrieve(created.id))).statusCode).toBe(404);
  });

  it("scenario events reach the account's endpoints as direct events, signed with each one's secret, retried on failure", async () => {
    // Each event's first delivery fails (500, then 503 for the next one); every retry succeeds.
    const failures = [500, 503];
    const seen = new Set<string>();
    const received: Stripe.Event[] = [];
    let secret = "";
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const { id } = JSON.parse(Buffer.concat(chunks).toString()) as { id: string };
        const status = seen.has(id) ? 200 : (failures.shift() ?? 200);
        seen.add(id);
        if (status === 200) {
          const raw = Buffer.concat(chunks).toString();
          received.push(Stripe.webhooks.constructEvent(raw, String(req.headers["stripe-signature"]), secret));
        }
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const { key, account } = sim.createRestrictedKey({ permissions: LEADTRAIL_PERMISSIONS });
      const endpoint = await sdk(sim, { key }).webhookEndpoints.create({
        url,
        enabled_events: ["charge.succeeded", "checkout.session.completed"],
      });
      secret = endpoint.secret ?? "";
      const result = await sim.events.checkoutPayment({ account, email: "d@example.com", amount: 900 });
      expect(result.deliveries.map((d) => d.endpoint)).toEqual([endpoint.id, endpoint.id]);
      await sim.idle();
      expect(received.map((e) => e.type).sort()).toEqual(["charge.succeeded", "checkout.session.completed"]);
      expect(received.every((e) => e.account === undefined)).toBe(true);
      const attempts = sim.state.deliveries.filter((d) => d.endpoint === endpoint.id).map((d) => d.attempt);
      expect(attempts.sort()).toEqual([1, 1, 2, 2]);
      // An unlisted event type is not sent.
      expect(
        sim.state.deliveries.some((d) => d.endpoint === endpoint.id && d.type === "payment_intent.succeeded"),
      ).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
