import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, failure, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let stripeAccount: string;

beforeAll(async () => {
  ({ sim, stripe } = await start());
  ({ stripeAccount } = connected(sim));
  await stripe.coupons.create({ id: "aff20", percent_off: 20, duration: "forever" }, { stripeAccount });
});
afterAll(() => sim.close());

const create = (code: string, account = stripeAccount) =>
  stripe.promotionCodes.create(
    { promotion: { type: "coupon", coupon: "aff20" }, code },
    { stripeAccount: account },
  );

describe("promotion code uniqueness among active codes", () => {
  it("rejects a code that an active code already uses, whatever the case", async () => {
    const original = await create("MAYA");
    const duplicate = await failure(create("maya"));
    expect(duplicate).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "resource_already_exists",
      param: "code",
      message: "An active promotion code with `code: maya` already exists.",
    });
    const active = await stripe.promotionCodes.list({ code: "MAYA", active: true }, { stripeAccount });
    expect(active.data.map((p) => p.id)).toEqual([original.id]);
  });

  it("frees the code once the holder is deactivated, and refuses to reactivate the old one", async () => {
    const first = await create("LEO");
    await stripe.promotionCodes.update(first.id, { active: false }, { stripeAccount });
    const second = await create("Leo");
    expect(second).toMatchObject({ code: "Leo", active: true });
    const reactivate = await failure(
      stripe.promotionCodes.update(first.id, { active: true }, { stripeAccount }),
    );
    expect(reactivate).toMatchObject({ statusCode: 400, code: "resource_already_exists" });
    const all = await stripe.promotionCodes.list({ code: "leo" }, { stripeAccount });
    expect(all.data.map((p) => p.id)).toEqual([second.id, first.id]);
  });

  it("allows the same code in another connected account and as an inactive code", async () => {
    const other = connected(sim).stripeAccount;
    await stripe.coupons.create({ id: "aff20", percent_off: 20 }, { stripeAccount: other });
    expect((await create("MAYA", other)).code).toBe("MAYA");
    const inactive = await stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: "aff20" }, code: "MAYA", active: false },
      { stripeAccount },
    );
    expect(inactive.active).toBe(false);
  });

  it("validates the code's characters", async () => {
    const invalid = await failure(create("NO SPACES"));
    expect(invalid).toMatchObject({ statusCode: 400, param: "code" });
  });
});
