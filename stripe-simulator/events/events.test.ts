import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_VERSION, type StripeSimulator } from "../index";
import { connected, type Receiver, start, startReceiver } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let receiver: Receiver;
let account: string;

beforeAll(async () => {
  receiver = await startReceiver();
  ({ sim, stripe } = await start({ webhookUrl: receiver.url }));
  ({ account } = connected(sim));
  await stripe.coupons.create(
    { id: "aff_maya_20", percent_off: 20, duration: "repeating", duration_in_months: 2 },
    { stripeAccount: account },
  );
  await stripe.promotionCodes.create(
    { promotion: { type: "coupon", coupon: "aff_maya_20" }, code: "MAYA" },
    { stripeAccount: account },
  );
});
beforeEach(() => {
  receiver.events.length = 0;
  receiver.rejected = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const types = () => receiver.events.map((e) => e.type);
const object = <T>(type: string) => receiver.events.find((e) => e.type === type)?.data.object as T;

describe("scenario helpers deliver signed events", () => {
  it("checkoutPayment: a card's fingerprint is the same on every payment with it, whoever pays", async () => {
    const pay = (email: string, card?: string) =>
      sim.events.checkoutPayment({ account, email, amount: 500, card, deliver: false });
    const card = async (paid: Promise<{ charge: unknown }>) => {
      const charge = (await paid).charge as Stripe.Charge;
      const details = charge.payment_method_details?.card;
      const read = await stripe.paymentIntents.retrieve(
        charge.payment_intent as string,
        { expand: ["latest_charge"] },
        { stripeAccount: account },
      );
      expect((read.latest_charge as Stripe.Charge).payment_method_details?.card?.fingerprint).toBe(
        details?.fingerprint,
      );
      return { fingerprint: details?.fingerprint, last4: details?.last4, brand: details?.brand };
    };
    const a1 = await card(pay("one@example.com", "4242424242424242"));
    const a2 = await card(pay("two@example.com", "4242 4242 4242 4242"));
    const b = await card(pay("one@example.com", "5555555555554444"));
    expect(a1.fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(a2).toEqual(a1);
    expect(b).toMatchObject({ last4: "4444", brand: "mastercard" });
    expect(b.fingerprint).not.toBe(a1.fingerprint);
    // Without a card number each payer has their own card, the same on each of their payments.
    const own1 = await card(pay("three@example.com"));
    const own2 = await card(pay("three@example.com"));
    const other = await card(pay("four@example.com"));
    expect(own2.fingerprint).toBe(own1.fingerprint);
    expect(other.fingerprint).not.toBe(own1.fingerprint);
  });

  it("checkoutPayment: verified events with Connect envelope fields", async () => {
    const result = await sim.events.checkoutPayment({
      account,
      email: "buyer@example.com",
      amount: 3000,
      currency: "usd",
      clientReferenceId: "tid_abc",
      promotionCode: "maya",
      metadata: { leadtrail_tid: "tid_abc" },
    });
    expect(result.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(receiver.rejected).toBe(0);
    expect(types()).toEqual(["charge.succeeded", "checkout.session.completed"]);
    for (const event of receiver.events) {
      expect(event).toMatchObject({ object: "event", account, livemode: false, api_version: API_VERSION });
      expect(event.id).toMatch(/^evt_/);
      expect(Math.abs(event.created - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(new Set(receiver.events.map((e) => e.id)).size).toBe(2);

    const session = object<Stripe.Checkout.Session>("checkout.session.completed");
    expect(session).toMatchObject({
      mode: "payment",
      client_reference_id: "tid_abc",
      amount_subtotal: 3000,
      amount_total: 2400,
      customer: null,
    });
    expect(session.customer_details?.email).toBe("buyer@example.com");
    const charge = object<Stripe.Charge>("charge.succeeded");
    expect(charge).toMatchObject({
      amount: 2400,
      payment_intent: session.payment_intent,
      billing_details: { email: "buyer@example.com" },
    });

    // The event lacks the code (as in the fixtures); the API gives it reliably.
    const full = await stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ["total_details.breakdown"] },
      { stripeAccount: account },
    );
    const discount = full.total_details?.breakdown?.discounts[0]?.discount;
    const promo = await stripe.promotionCodes.retrieve(
      String(discount?.promotion_code),
      {},
      { stripeAccount: account },
    );
    expect(promo.code).toBe("MAYA");
  });

  it("subscriptionStarted, subscriptionRenewed, refund: a subscription's money trail", async () => {
    const started = await sim.events.subscriptionStarted({
      account,
      email: "sub@example.com",
      amount: 5000,
      interval: "month",
      clientReferenceId: "tid_sub",
      promotionCode: "MAYA",
      subscriptionMetadata: { leadtrail_tid: "tid_sub" },
    });
    expect(types()).toEqual([
      "customer.created",
      "customer.subscription.created",
      "charge.succeeded",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    const invoice = object<Stripe.Invoice>("invoice.paid");
    expect(invoice).toMatchObject({
      billing_reason: "subscription_create",
      subtotal: 5000,
      total: 4000,
      amount_paid: 4000,
    });
    expect(invoice.parent?.subscription_details?.subscription).toBe(started.subscription?.id);
    expect(invoice.discounts).toEqual([started.discount?.id]);
    const session = object<Stripe.Checkout.Session>("checkout.session.completed");
    expect(session).toMatchObject({
      mode: "subscription",
      subscription: started.subscription?.id,
      invoice: invoice.id,
    });
    expect(session.discounts?.[0]?.promotion_code).toBe(started.discount?.promotion_code);
    expect(object<Stripe.Subscription>("customer.subscription.created").metadata).toEqual({
      leadtrail_tid: "tid_sub",
    });

    receiver.events.length = 0;
    const firstPeriodEnd = started.subscription?.items.data[0]?.current_period_end ?? 0;
    const renewed = await sim.events.subscriptionRenewed({
      account,
      subscription: started.subscription?.id ?? "",
    });
    expect(types()).toEqual(["customer.subscription.updated", "charge.succeeded", "invoice.paid"]);
    const cycle = object<Stripe.Invoice>("invoice.paid");
    expect(cycle).toMatchObject({
      billing_reason: "subscription_cycle",
      total: 4000,
      created: firstPeriodEnd,
    });
    expect(cycle.lines.data[0]?.period.start).toBe(firstPeriodEnd);
    expect(renewed.subscription.items.data[0]?.current_period_start).toBe(firstPeriodEnd);

    receiver.events.length = 0;
    await sim.events.refund({ account, invoice: cycle.id, amount: 1000 });
    await sim.events.refund({ account, invoice: cycle.id });
    expect(types()).toEqual(["refund.created", "charge.refunded", "refund.created", "charge.refunded"]);
    const charged = receiver.events.filter((e) => e.type === "charge.refunded");
    const refunds = charged.map((e) => e.data.object as Stripe.Charge);
    expect(refunds.map((c) => [c.amount_refunded, c.refunded])).toEqual([
      [1000, false],
      [4000, true],
    ]);
    expect(charged[1]?.data.previous_attributes).toEqual({ amount_refunded: 1000, refunded: false });
  });

  it("stops discounting once a repeating coupon runs out", async () => {
    const started = await sim.events.subscriptionStarted({
      account,
      email: "r@example.com",
      amount: 1000,
      interval: "month",
      promotionCode: "MAYA",
      deliver: false,
    });
    const sub = started.subscription?.id ?? "";
    const totals = [started.invoice?.total];
    for (let i = 0; i < 3; i += 1)
      totals.push(
        (await sim.events.subscriptionRenewed({ account, subscription: sub, deliver: false })).invoice.total,
      );
    expect(totals).toEqual([800, 800, 1000, 1000]);
  });

  it("dispute, cancelSubscription (at period end, then ended), deauthorize", async () => {
    const paid = await sim.events.checkoutPayment({
      account,
      email: "d@example.com",
      amount: 2000,
      deliver: false,
    });
    await sim.events.dispute({ account, charge: paid.charge?.id, outcome: "lost" });
    expect(types()).toEqual([
      "charge.dispute.created",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.closed",
    ]);
    expect(object<Stripe.Dispute>("charge.dispute.closed")).toMatchObject({
      status: "lost",
      charge: paid.charge?.id,
      amount: 2000,
    });

    const started = await sim.events.subscriptionStarted({
      account,
      email: "c@example.com",
      amount: 900,
      interval: "year",
      deliver: false,
    });
    const subscription = started.subscription?.id ?? "";
    receiver.events.length = 0;
    await sim.events.cancelSubscription({
      account,
      subscription,
      atPeriodEnd: true,
      feedback: "too_expensive",
    });
    const updated = receiver.events[0];
    expect(updated?.type).toBe("customer.subscription.updated");
    expect(updated?.data.object).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
      cancellation_details: { feedback: "too_expensive" },
    });
    expect(updated?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    const ended = await sim.events.subscriptionEnded({ account, subscription });
    expect(ended.events[0]?.type).toBe("customer.subscription.deleted");
    expect(ended.subscription).toMatchObject({
      status: "canceled",
      ended_at: started.subscription?.items.data[0]?.current_period_end,
    });

    const other = connected(sim).account;
    await sim.events.deauthorize({ account: other });
    expect(object<{ object: string }>("account.application.deauthorized").object).toBe("application");
    expect(receiver.events.at(-1)?.account).toBe(other);
    expect(sim.state.deauthorizations.at(-1)).toMatchObject({ account: other, by: "account" });
  });
});
