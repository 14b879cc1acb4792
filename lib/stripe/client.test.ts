import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { type StripeSimulator, startStripeSimulator } from "@/stripe-simulator";
import { authorizeUrl, createStripeClient, stripeSettings } from "./client";
import { connectedStripe, onAccount } from "./connected";

let sim: StripeSimulator;
beforeAll(async () => {
  sim = await startStripeSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  resetEnvCache();
});

describe("configuration", () => {
  it("builds the authorize URL from STRIPE_CONNECT_AUTHORIZE_URL and APP_URL, port included", () => {
    Object.assign(process.env, {
      APP_URL: "http://localhost:3999",
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_CLIENT_ID: "ca_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_CONNECT_AUTHORIZE_URL: "http://127.0.0.1:12111/oauth/authorize",
    });
    resetEnvCache();
    const url = new URL(authorizeUrl({ state: "s&t=1" }));
    expect(url.origin).toBe("http://127.0.0.1:12111");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "ca_x",
      scope: "read_write",
      redirect_uri: "http://localhost:3999/api/stripe/oauth/callback",
      state: "s&t=1",
    });
  });

  it("refuses to run with half the platform credentials", () => {
    delete process.env.STRIPE_SECRET_KEY;
    process.env.STRIPE_CLIENT_ID = "ca_x";
    resetEnvCache();
    expect(() => stripeSettings()).toThrow(/STRIPE_SECRET_KEY/);
  });
});

describe("the SDK pointed at another server", () => {
  it("sends /v1 calls for a connected account with the Stripe-Account header", async () => {
    const { account } = sim.events.connectAccount({});
    const stripe = createStripeClient({
      secretKey: "sk_test_leadtrail_simulator",
      apiBase: sim.url,
      maxNetworkRetries: 0,
    });
    const created = await stripe.customers.create({ email: "buyer@example.com" }, onAccount(account.id));
    const fetched = await connectedStripe(stripe, account.id).retrieveCustomer(created.id);
    expect(fetched.id).toBe(created.id);
    const last = sim.state.requests.at(-1)!;
    expect(last).toMatchObject({ method: "GET", path: `/v1/customers/${created.id}`, account: account.id });
    expect(account.customers.has(created.id)).toBe(true);
    expect(sim.state.platform.customers.has(created.id)).toBe(false);
  });

  it("passes an idempotency key with writes", async () => {
    const { account } = sim.events.connectAccount({});
    const stripe = createStripeClient({
      secretKey: "sk_test_leadtrail_simulator",
      apiBase: sim.url,
      maxNetworkRetries: 0,
    });
    await connectedStripe(stripe, account.id).createCoupon(
      { percent_off: 10, duration: "once" },
      "coupon-key-1",
    );
    expect(sim.state.requests.at(-1)).toMatchObject({ account: account.id, idempotencyKey: "coupon-key-1" });
  });

  it("refuses a request option that is not an account id", () => {
    expect(() => onAccount("cus_123")).toThrow(/Not a Stripe account id/);
  });
});
