import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, failure, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let stripeAccount: string;

beforeAll(async () => {
  ({ sim, stripe } = await start({ rateLimit: null }));
  ({ stripeAccount } = connected(sim));
});
afterEach(() => {
  sim.clearFaults();
  sim.setRateLimit(null);
});
afterAll(() => sim.close());

const outcomes = (calls: Promise<unknown>[]) =>
  Promise.all(
    calls.map((call) =>
      call.then(
        () => 200,
        (error: Stripe.errors.StripeError) => error.statusCode,
      ),
    ),
  );

describe("rate limiter", () => {
  it("answers 429 with Stripe's rate_limit error once an account exceeds its rate", async () => {
    sim.setRateLimit(3);
    const statuses = await outcomes(
      Array.from({ length: 8 }, () => stripe.coupons.list({}, { stripeAccount })),
    );
    // A burst of 3 passes; a slow machine may refill one more token while the burst is in flight.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const error = await failure(stripe.coupons.list({}, { stripeAccount }));
    expect(error).toMatchObject({ statusCode: 429, type: "StripeRateLimitError", code: "rate_limit" });
    expect(error.raw).toMatchObject({ type: "invalid_request_error", code: "rate_limit" });
  });

  it("limits each account separately and refills over time", async () => {
    sim.setRateLimit(2);
    const other = connected(sim).stripeAccount;
    await outcomes(Array.from({ length: 4 }, () => stripe.coupons.list({}, { stripeAccount })));
    expect(await outcomes([stripe.coupons.list({}, { stripeAccount: other })])).toEqual([200]);
    expect(await outcomes([stripe.coupons.list({}, { stripeAccount })])).toEqual([429]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await outcomes([stripe.coupons.list({}, { stripeAccount })])).toEqual([200]);
  });

  it("is unlimited after setRateLimit(null)", async () => {
    const statuses = await outcomes(
      Array.from({ length: 30 }, () => stripe.coupons.list({}, { stripeAccount })),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

describe("fault injection", () => {
  it("fails the next N matching requests with the given status, then recovers", async () => {
    sim.injectFaults({ status: 500, count: 2, path: /^\/v1\/coupons/ });
    const statuses = await outcomes([1, 2, 3].map(() => stripe.coupons.list({}, { stripeAccount })));
    expect(statuses).toEqual([500, 500, 200]);
    expect(await outcomes([stripe.customers.list({}, { stripeAccount })])).toEqual([200]);
    const logged = sim.state.requests.filter((r) => r.note === "fault");
    expect(logged.length).toBeGreaterThanOrEqual(2);
  });

  it("reports a 500 as Stripe's api_error", async () => {
    sim.injectFaults({ status: 503, count: 1 });
    const error = await failure(stripe.customers.list({}, { stripeAccount }));
    expect(error).toMatchObject({ statusCode: 503, type: "StripeAPIError" });
  });

  it("fails a fraction of requests with 429/5xx, deterministically", async () => {
    sim.injectFaults({ rate: 0.5 });
    const statuses = await outcomes(
      Array.from({ length: 40 }, () => stripe.coupons.list({}, { stripeAccount })),
    );
    const failed = statuses.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    expect(failed.every((s) => s === 429 || s === 500 || s === 503)).toBe(true);
  });

  it("adds latency with delayMs without failing", async () => {
    sim.injectFaults({ delayMs: 150, count: 1 });
    const started = performance.now();
    await stripe.coupons.list({}, { stripeAccount });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("stops after clearFaults()", async () => {
    sim.injectFaults({ status: 500 });
    expect(await outcomes([stripe.coupons.list({}, { stripeAccount })])).toEqual([500]);
    sim.clearFaults();
    expect(await outcomes([stripe.coupons.list({}, { stripeAccount })])).toEqual([200]);
  });
});
