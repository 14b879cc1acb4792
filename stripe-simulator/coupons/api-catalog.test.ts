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

describe("coupons and promotion codes through the SDK", () => {
  it("creates, retrieves, lists and deletes a coupon in the connected account", async () => {
    const coupon = await stripe.coupons.create(
      {
        id: "aff_maya_20",
        percent_off: 20,
        duration: "repeating",
        duration_in_months: 3,
        metadata: { affiliate_id: "aff_1" },
      },
      { stripeAccount },
    );
    expect(coupon).toMatchObject({
      id: "aff_maya_20",
      object: "coupon",
      percent_off: 20,
      duration_in_months: 3,
    });
    expect(coupon.metadata).toEqual({ affiliate_id: "aff_1" });
    expect((await stripe.coupons.retrieve("aff_maya_20", {}, { stripeAccount })).valid).toBe(true);
    const list = await stripe.coupons.list({ limit: 10 }, { stripeAccount });
    expect(list.data.map((c) => c.id)).toContain("aff_maya_20");
    expect(sim.state.accounts.get(stripeAccount)?.coupons.has("aff_maya_20")).toBe(true);

    const duplicate = await failure(
      stripe.coupons.create({ id: "aff_maya_20", percent_off: 5 }, { stripeAccount }),
    );
    expect(duplicate).toMatchObject({ statusCode: 400, code: "resource_already_exists", param: "id" });

    const amount = await stripe.coupons.create(
      { amount_off: 500, currency: "usd", duration: "once" },
      { stripeAccount },
    );
    expect(amount).toMatchObject({ amount_off: 500, currency: "usd", percent_off: null, duration: "once" });
    expect(await stripe.coupons.del(amount.id, {}, { stripeAccount })).toEqual({
      id: amount.id,
      object: "coupon",
      deleted: true,
    });
    const gone = await failure(stripe.coupons.retrieve(amount.id, {}, { stripeAccount }));
    expect(gone).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      type: "StripeInvalidRequestError",
    });
  });

  it("creates a promotion code on a coupon and filters the list", async () => {
    await stripe.coupons.create({ id: "c10", percent_off: 10, duration: "forever" }, { stripeAccount });
    const promo = await stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: "c10" }, code: "JANE", metadata: { affiliate_id: "aff_2" } },
      { stripeAccount },
    );
    expect(promo).toMatchObject({
      object: "promotion_code",
      code: "JANE",
      active: true,
      promotion: { type: "coupon", coupon: "c10" },
    });
    const expanded = await stripe.promotionCodes.retrieve(
      promo.id,
      { expand: ["promotion.coupon"] },
      { stripeAccount },
    );
    expect(expanded.promotion.coupon).toMatchObject({ id: "c10", object: "coupon", percent_off: 10 });

    const byCode = await stripe.promotionCodes.list({ code: "jane" }, { stripeAccount });
    expect(byCode.data.map((p) => p.id)).toEqual([promo.id]);
    const updated = await stripe.promotionCodes.update(
      promo.id,
      { active: false, metadata: { affiliate_id: "" } },
      { stripeAccount },
    );
    expect(updated).toMatchObject({ active: false, metadata: {} });
    expect(
      (await stripe.promotionCodes.list({ active: true, coupon: "c10" }, { stripeAccount })).data,
    ).toEqual([]);

    const missing = await failure(
      stripe.promotionCodes.create(
        { promotion: { type: "coupon", coupon: "nope" }, code: "X1" },
        { stripeAccount },
      ),
    );
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing", param: "promotion[coupon]" });
  });
});

describe("customers", () => {
  it("creates, retrieves, updates and lists by exact email", async () => {
    const customer = await stripe.customers.create(
      { email: "buyer@example.com", name: "Jenny Rosen", metadata: { leadtrail_tid: "t1", other: "x" } },
      { stripeAccount },
    );
    expect(customer).toMatchObject({ object: "customer", email: "buyer@example.com", livemode: false });
    const updated = await stripe.customers.update(
      customer.id,
      { metadata: { other: "" } },
      { stripeAccount },
    );
    expect(updated.metadata).toEqual({ leadtrail_tid: "t1" });
    const fetched = await stripe.customers.retrieve(customer.id, {}, { stripeAccount });
    expect(fetched).toMatchObject({ id: customer.id, name: "Jenny Rosen" });
    const list = await stripe.customers.list({ email: "buyer@example.com" }, { stripeAccount });
    expect(list).toMatchObject({ object: "list", has_more: false, url: "/v1/customers" });
    expect(list.data.map((c) => c.id)).toEqual([customer.id]);
  });

  it("paginates newest first with limit and starting_after", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push((await stripe.customers.create({ email: `p${i}@example.com` }, { stripeAccount })).id);
    const first = await stripe.customers.list({ limit: 2 }, { stripeAccount });
    expect(first.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const next = await stripe.customers.list({ limit: 2, starting_after: ids[1] }, { stripeAccount });
    expect(next.data[0]?.id).toBe(ids[0]);
  });

  it("keeps accounts apart and rejects the stripeAccount-as-parameter mistake", async () => {
    const customer = await stripe.customers.create({ email: "iso@example.com" }, { stripeAccount });
    const onPlatform = await failure(stripe.customers.retrieve(customer.id));
    expect(onPlatform).toMatchObject({ statusCode: 404, code: "resource_missing" });
    const other = connected(sim).stripeAccount;
    expect(
      (await failure(stripe.customers.retrieve(customer.id, {}, { stripeAccount: other }))).statusCode,
    ).toBe(404);
    // Request options passed as params: Stripe answers parameter_unknown, so the mistake is loud.
    const misplaced = await failure(stripe.customers.retrieve(customer.id, { stripeAccount } as never));
    expect(misplaced).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "stripeAccount" });
  });

  it("answers 401 for a wrong key and 403 for an account it cannot reach", async () => {
    const wrongKey = await failure(sdk(sim, { key: "sk_test_wrong_key_123456" }).customers.list());
    expect(wrongKey).toMatchObject({ statusCode: 401, type: "StripeAuthenticationError" });
    expect(wrongKey.message).toMatch(/^Invalid API Key provided: sk_test_\*+3456$/);
    const unknown = await failure(stripe.customers.list({}, { stripeAccount: "acct_unknown" }));
    expect(unknown).toMatchObject({
      statusCode: 403,
      code: "account_invalid",
      type: "StripePermissionError",
    });
  });
});
