import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, type Receiver, start, startReceiver } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let receiver: Receiver;
let stripeAccount: string;

beforeAll(async () => {
  receiver = await startReceiver();
  ({ sim, stripe } = await start({ webhookUrl: receiver.url }));
  ({ stripeAccount } = connected(sim));
  await stripe.coupons.create({ id: "ten", amount_off: 1000, currency: "usd" }, { stripeAccount });
  await stripe.promotionCodes.create(
    { promotion: { type: "coupon", coupon: "ten" }, code: "TENOFF" },
    { stripeAccount },
  );
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe("hosted Checkout page", () => {
  it("pays an API-created session from the browser form and delivers its events", async () => {
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        success_url: "https://merchant.example/thanks?session={CHECKOUT_SESSION_ID}",
        allow_promotion_codes: true,
        client_reference_id: "tid_page",
        line_items: [
          {
            price_data: { currency: "usd", unit_amount: 4500, product_data: { name: "Ebook <b>" } },
            quantity: 1,
          },
        ],
      },
      { stripeAccount },
    );
    const page = await fetch(session.url ?? "");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Ebook &#60;b&#62;");
    expect(html).toContain('<button type="submit">Pay</button>');

    const rejected = await fetch(session.url ?? "", {
      method: "POST",
      body: new URLSearchParams({ email: "p@example.com", promotion_code: "NOPE" }),
      redirect: "manual",
    });
    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain('role="alert"');

    const paid = await fetch(session.url ?? "", {
      method: "POST",
      body: new URLSearchParams({ email: "p@example.com", name: "Pat", promotion_code: "tenoff" }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`https://merchant.example/thanks?session=${session.id}`);
    expect(receiver.events.map((e) => e.type)).toEqual(["charge.succeeded", "checkout.session.completed"]);
    const completed = receiver.events[1]?.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({
      id: session.id,
      amount_total: 3500,
      client_reference_id: "tid_page",
      status: "complete",
    });
    expect((await fetch(session.url ?? "")).status).toBe(410);
  });
});
