import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, failure, sdk, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let stripeAccount: string;

beforeAll(async () => {
  ({ sim, stripe } = await start());
  ({ stripeAccount } = connected(sim));
});
afterAll(() => sim.close());

const customerCount = () => sim.state.accounts.get(stripeAccount)?.customers.size ?? 0;

describe("Idempotency-Key", () => {
  it("replays the stored response for the same key and parameters", async () => {
    const before = customerCount();
    const opts = { stripeAccount, idempotencyKey: "sync-aff_1-v1" };
    const first = await stripe.customers.create({ email: "same@example.com" }, opts);
    const second = await stripe.customers.create({ email: "same@example.com" }, opts);
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(customerCount()).toBe(before + 1);
    const replayed = sim.state.requests.filter((r) => r.idempotencyKey === "sync-aff_1-v1");
    expect(replayed.map((r) => r.note ?? "ran")).toEqual(["ran", "replayed"]);
    // A replay is the original response, not the object as it is now.
    await stripe.customers.update(first.id, { email: "changed@example.com" }, { stripeAccount });
    expect((await stripe.customers.create({ email: "same@example.com" }, opts)).email).toBe(
      "same@example.com",
    );
  });

  it("rejects the same key with different parameters", async () => {
    const opts = { stripeAccount, idempotencyKey: "sync-aff_2-v1" };
    await stripe.customers.create({ email: "a@example.com" }, opts);
    const error = await failure(stripe.customers.create({ email: "b@example.com" }, opts));
    expect(error).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
    expect(error.message).toContain("Keys for idempotent requests can only be used with the same parameters");
  });

  it("scopes keys per connected account", async () => {
    const other = connected(sim).stripeAccount;
    const a = await stripe.customers.create(
      { email: "x@example.com" },
      { stripeAccount, idempotencyKey: "shared" },
    );
    const b = await stripe.customers.create(
      { email: "x@example.com" },
      { stripeAccount: other, idempotencyKey: "shared" },
    );
    expect(b.id).not.toBe(a.id);
  });

  it("stores no failed result, so a retry with the same key runs again", async () => {
    const opts = { stripeAccount, idempotencyKey: "coupon-retry" };
    await failure(
      stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: "later" }, code: "LATER" }, opts),
    );
    await stripe.coupons.create({ id: "later", percent_off: 5 }, { stripeAccount });
    const promo = await stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: "later" }, code: "LATER" },
      opts,
    );
    expect(promo.code).toBe("LATER");
  });

  it("lets the SDK's own retries after an injected 500 create exactly one object", async () => {
    const retrying = sdk(sim, { retries: 2 });
    const before = customerCount();
    sim.injectFaults({ status: 500, count: 1, path: /^\/v1\/customers$/ });
    const customer = await retrying.customers.create({ email: "retry@example.com" }, { stripeAccount });
    expect(customer.email).toBe("retry@example.com");
    expect(customerCount()).toBe(before + 1);
    const attempts = sim.state.requests.filter((r) => r.params.email === "retry@example.com");
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(attempts[0]?.idempotencyKey).toBe(attempts[1]?.idempotencyKey);
  });
});
