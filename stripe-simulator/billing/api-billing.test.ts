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
});
afterAll(() => sim.close());

describe("checkout, subscriptions, invoices, charges, refunds", () => {
  it("returns a session's promotion code through expand total_details.breakdown", async () => {
    await stripe.coupons.create({ id: "half", percent_off: 50, duration: "once" }, { stripeAccount });
    await stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: "half" }, code: "HALF" },
      { stripeAccount },
    );
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        success_url: "https://merchant.example/ok",
        allow_promotion_codes: true,
        client_reference_id: "tid_1",
        line_items: [
          {
            price_data: { currency: "usd", unit_amount: 3000, product_data: { name: "Course" } },
            quantity: 1,
          },
        ],
      },
      { stripeAccount },
    );
    expect(session).toMatchObject({ status: "open", payment_status: "unpaid", amount_total: 3000 });
    expect(session.url).toBe(`${sim.url}/c/pay/${session.id}`);
    await sim.events.completeCheckout({
      account: stripeAccount,
      session: session.id,
      email: "b@example.com",
      promotionCode: "half",
      deliver: false,
    });

    const plain = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount });
    expect(plain).toMatchObject({ status: "complete", amount_total: 1500, discounts: [] });
    expect(plain.total_details).toEqual({ amount_discount: 1500, amount_shipping: 0, amount_tax: 0 });
    const full = await stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ["total_details.breakdown"] },
      { stripeAccount },
    );
    const discount = full.total_details?.breakdown?.discounts[0];
    expect(discount?.amount).toBe(1500);
    expect(discount?.discount).toMatchObject({
      object: "discount",
      source: { coupon: "half", type: "coupon" },
      checkout_session: session.id,
    });
    expect(typeof discount?.discount.promotion_code).toBe("string");
  });

  it("issues Checkout's post-purchase invoice, paid by the session's payment intent", async () => {
    const lineItems = [
      { price_data: { currency: "usd", unit_amount: 4200, product_data: { name: "Workshop" } }, quantity: 1 },
    ];
    const refused = await failure(
      stripe.checkout.sessions.create(
        {
          mode: "subscription",
          success_url: "https://merchant.example/ok",
          invoice_creation: { enabled: true },
          line_items: [
            {
              price_data: { ...lineItems[0]!.price_data, recurring: { interval: "month" } },
              quantity: 1,
            },
          ],
        },
        { stripeAccount },
      ),
    );
    expect(refused).toMatchObject({ statusCode: 400, param: "invoice_creation" });

    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        success_url: "https://merchant.example/ok",
        invoice_creation: { enabled: true },
        line_items: lineItems,
      },
      { stripeAccount },
    );
    const done = await sim.events.completeCheckout({
      account: stripeAccount,
      session: session.id,
      email: "invoiced@example.com",
      deliver: false,
    });
    expect(done.events.map((e) => e.type)).toEqual([
      "customer.created",
      "charge.succeeded",
      "checkout.session.completed",
      "invoice.paid",
    ]);
    const completed = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount });
    expect(completed.customer).toEqual(expect.stringMatching(/^cus_/));
    const invoice = await stripe.invoices.retrieve(completed.invoice as string, {}, { stripeAccount });
    expect(invoice).toMatchObject({
      status: "paid",
      amount_paid: 4200,
      billing_reason: "manual",
      parent: null,
      customer: completed.customer,
    });
    const payments = await stripe.invoicePayments.list(
      { payment: { type: "payment_intent", payment_intent: completed.payment_intent as string } },
      { stripeAccount },
    );
    expect(payments.data.map((p) => p.invoice)).toEqual([invoice.id]);
  });

  it("creates, updates and cancels a subscription, and links invoice → payment → charge → refund", async () => {
    const customer = await stripe.customers.create({ email: "sub@example.com" }, { stripeAccount });
    const subscription = await stripe.subscriptions.create(
      {
        customer: customer.id,
        items: [
          {
            price_data: {
              currency: "usd",
              product: "prod_pro",
              unit_amount: 5000,
              recurring: { interval: "month" },
            },
          },
        ],
        metadata: { leadtrail_tid: "tid_9" },
      },
      { stripeAccount },
    );
    expect(subscription).toMatchObject({
      status: "active",
      customer: customer.id,
      metadata: { leadtrail_tid: "tid_9" },
    });
    const item = subscription.items.data[0];
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? 0);

    const invoices = await stripe.invoices.list({ subscription: subscription.id }, { stripeAccount });
    const invoice = invoices.data[0];
    expect(invoice).toMatchObject({
      billing_reason: "subscription_create",
      amount_paid: 5000,
      status: "paid",
    });
    expect(invoice?.parent?.subscription_details?.subscription).toBe(subscription.id);
    const payments = await stripe.invoicePayments.list({ invoice: invoice?.id ?? "" }, { stripeAccount });
    const intent = payments.data[0]?.payment.payment_intent as string;
    const charges = await stripe.charges.list({ payment_intent: intent }, { stripeAccount });
    expect(charges.data[0]).toMatchObject({ amount: 5000, customer: customer.id, paid: true });

    const refund = await stripe.refunds.create(
      { charge: charges.data[0]?.id, amount: 2000 },
      { stripeAccount },
    );
    expect(refund).toMatchObject({ object: "refund", amount: 2000, status: "succeeded" });
    const charge = await stripe.charges.retrieve(charges.data[0]?.id ?? "", {}, { stripeAccount });
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: false });
    const tooMuch = await failure(
      stripe.refunds.create({ charge: charge.id, amount: 4000 }, { stripeAccount }),
    );
    expect(tooMuch).toMatchObject({ statusCode: 400, param: "amount" });

    const scheduled = await stripe.subscriptions.update(
      subscription.id,
      { cancel_at_period_end: true },
      { stripeAccount },
    );
    expect(scheduled).toMatchObject({
      cancel_at_period_end: true,
      status: "active",
      cancel_at: item?.current_period_end,
    });
    const canceled = await stripe.subscriptions.cancel(subscription.id, {}, { stripeAccount });
    expect(canceled).toMatchObject({ status: "canceled" });
    expect(canceled.ended_at).not.toBeNull();
    expect((await stripe.subscriptions.list({ customer: customer.id }, { stripeAccount })).data).toEqual([]);
    expect(
      (await stripe.subscriptions.list({ customer: customer.id, status: "canceled" }, { stripeAccount }))
        .data,
    ).toHaveLength(1);
  });
});
