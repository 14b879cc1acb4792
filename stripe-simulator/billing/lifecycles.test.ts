import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let account: string;
let opts: { stripeAccount: string };

beforeAll(async () => {
  ({ sim, stripe } = await start());
  ({ account } = connected(sim));
  opts = { stripeAccount: account };
  await stripe.coupons.create({ id: "half", percent_off: 50, duration: "forever" }, opts);
  await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: "half" }, code: "HALF" }, opts);
});
afterAll(() => sim.close());

const types = (r: { events: { type: string }[] }) => r.events.map((e) => e.type);
const sale = (extra: object = {}) => ({
  account,
  email: "b@example.com",
  amount: 5000,
  deliver: false,
  ...extra,
});

describe("trials", () => {
  it("starts trialing with a $0 invoice, then bills the first cycle at trial end", async () => {
    const started = await sim.events.subscriptionStarted({
      ...sale(),
      interval: "month",
      trialDays: 14,
      clientReferenceId: "tid_trial",
      promotionCode: "HALF",
    });
    expect(types(started)).toEqual([
      "customer.created",
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    const sub = started.subscription!;
    expect(sub).toMatchObject({ status: "trialing", trial_end: sub.created + 14 * 86_400 });
    expect(sub.trial_start).toBe(sub.created);
    expect(sub.items.data[0]?.current_period_end).toBe(sub.trial_end);
    expect(started.invoice).toMatchObject({
      billing_reason: "subscription_create",
      amount_paid: 0,
      total: 0,
      status: "paid",
    });
    expect(started.charge).toBeNull();
    expect(started.session).toMatchObject({
      payment_status: "no_payment_required",
      client_reference_id: "tid_trial",
      amount_total: 0,
    });
    expect(await stripe.invoicePayments.list({ invoice: started.invoice!.id }, opts)).toMatchObject({
      data: [],
    });

    const warn = await sim.events.trialWillEnd({ account, subscription: sub.id, deliver: false });
    expect(types(warn)).toEqual(["customer.subscription.trial_will_end"]);
    expect(warn.events[0]?.created).toBe((sub.trial_end ?? 0) - 3 * 86_400);

    const ended = await sim.events.trialEnded({ account, subscription: sub.id, deliver: false });
    expect(types(ended)).toEqual(["customer.subscription.updated", "charge.succeeded", "invoice.paid"]);
    expect(ended.events[0]?.data.previous_attributes).toMatchObject({ status: "trialing" });
    expect(ended.invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      amount_paid: 2500,
      status: "paid",
    });
    expect(ended.subscription.status).toBe("active");
    expect(ended.subscription.items.data[0]?.current_period_start).toBe(sub.trial_end);
  });

  it("a declined card at trial end leaves the invoice open and the subscription past_due", async () => {
    const started = await sim.events.subscriptionStarted({ ...sale(), interval: "month", trialDays: 7 });
    const ended = await sim.events.trialEnded({
      account,
      subscription: started.subscription!.id,
      fail: true,
      deliver: false,
    });
    expect(types(ended)).toEqual([
      "customer.subscription.updated",
      "charge.failed",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(ended.events[0]?.data.object).toMatchObject({ status: "active" });
    expect(ended.events[3]?.data).toMatchObject({
      object: { status: "past_due" },
      previous_attributes: { status: "active" },
    });
    expect(ended.invoice).toMatchObject({
      status: "open",
      amount_paid: 0,
      amount_remaining: 5000,
      attempt_count: 1,
    });
    expect(ended.charge).toMatchObject({ status: "failed", paid: false, failure_code: "card_declined" });
  });
});

describe("subscription payment failure, paying later, pausing", () => {
  it("subscriptionRenewed({ fail }) then payInvoice", async () => {
    const started = await sim.events.subscriptionStarted({ ...sale(), interval: "month" });
    const subscription = started.subscription!.id;
    const failed = await sim.events.subscriptionRenewed({
      account,
      subscription,
      fail: true,
      deliver: false,
    });
    expect(types(failed)).toEqual([
      "customer.subscription.updated",
      "charge.failed",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(failed.subscription.status).toBe("past_due");
    const paid = await sim.events.payInvoice({ account, invoice: failed.invoice.id, deliver: false });
    expect(types(paid)).toEqual(["charge.succeeded", "invoice.paid", "customer.subscription.updated"]);
    expect(paid.invoice).toMatchObject({
      status: "paid",
      amount_paid: 5000,
      amount_remaining: 0,
      attempt_count: 2,
    });
    expect(paid.subscription?.status).toBe("active");
    expect(paid.invoicePayment).toMatchObject({ status: "paid", amount_paid: 5000 });
    const payments = await stripe.invoicePayments.list({ invoice: failed.invoice.id }, opts);
    const intent = await stripe.paymentIntents.retrieve(
      String(payments.data[0]?.payment.payment_intent),
      {},
      opts,
    );
    expect(intent).toMatchObject({ status: "succeeded", latest_charge: paid.charge?.id });
  });

  it("pauses at trial end (status paused) and resumes; pause_collection is an update", async () => {
    const started = await sim.events.subscriptionStarted({ ...sale(), interval: "month", trialDays: 3 });
    const subscription = started.subscription!.id;
    const paused = await sim.events.pauseSubscription({ account, subscription, deliver: false });
    expect(types(paused)).toEqual(["customer.subscription.updated", "customer.subscription.paused"]);
    expect(paused.subscription.status).toBe("paused");
    const resumed = await sim.events.resumeSubscription({ account, subscription, deliver: false });
    expect(types(resumed)).toEqual([
      "customer.subscription.resumed",
      "customer.subscription.updated",
      "charge.succeeded",
      "invoice.paid",
    ]);
    expect(resumed.subscription.status).toBe("active");

    const collection = await sim.events.pauseSubscription({
      account,
      subscription,
      collection: "void",
      deliver: false,
    });
    expect(types(collection)).toEqual(["customer.subscription.updated"]);
    expect(collection.subscription).toMatchObject({
      status: "active",
      pause_collection: { behavior: "void" },
    });
    const back = await sim.events.resumeSubscription({ account, subscription, deliver: false });
    expect(back.subscription.pause_collection).toBeNull();
  });
});

describe("async payments", () => {
  it("completes unpaid, then settles as succeeded", async () => {
    const paid = await sim.events.checkoutPayment({ ...sale(), async: true });
    expect(types(paid)).toEqual(["charge.pending", "checkout.session.completed"]);
    expect(paid.session).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect(paid.charge).toMatchObject({ status: "pending", paid: false });
    expect(paid.paymentIntent?.status).toBe("processing");
    const settled = await sim.events.settleAsyncPayment({
      account,
      session: paid.session.id,
      outcome: "succeeded",
      deliver: false,
    });
    expect(types(settled)).toEqual(["charge.succeeded", "checkout.session.async_payment_succeeded"]);
    expect(settled.session.payment_status).toBe("paid");
    expect((await stripe.charges.retrieve(paid.charge!.id, {}, opts)).status).toBe("succeeded");
  });

  it("settles as failed", async () => {
    const paid = await sim.events.checkoutPayment({ ...sale(), async: true });
    const failed = await sim.events.settleAsyncPayment({
      account,
      session: paid.session.id,
      outcome: "failed",
      deliver: false,
    });
    expect(types(failed)).toEqual(["charge.failed", "checkout.session.async_payment_failed"]);
    expect(failed.session.payment_status).toBe("unpaid");
    expect(failed.charge).toMatchObject({ status: "failed", paid: false });
  });
});

describe("authorise now, capture later", () => {
  it("captures part: the uncaptured rest is released as a refund Stripe makes itself", async () => {
    const paid = await sim.events.checkoutPayment({ ...sale(), captureMethod: "manual" });
    expect(types(paid)).toEqual(["charge.succeeded", "checkout.session.completed"]);
    expect(paid.charge).toMatchObject({ captured: false, amount_captured: 0, status: "succeeded" });
    expect(paid.paymentIntent).toMatchObject({ status: "requires_capture", amount_capturable: 5000 });
    expect(paid.session.payment_status).toBe("unpaid");
    const captured = await sim.events.captureCharge({
      account,
      charge: paid.charge!.id,
      amount: 3000,
      deliver: false,
    });
    expect(types(captured)).toEqual(["charge.captured"]);
    expect(captured.events[0]?.data.object).toMatchObject({
      captured: true,
      amount_captured: 3000,
      amount_refunded: 2000,
      refunded: false,
    });
    expect(captured.release).toMatchObject({ amount: 2000, status: "succeeded" });
    const intent = await stripe.paymentIntents.retrieve(paid.paymentIntent!.id, {}, opts);
    expect(intent).toMatchObject({ status: "succeeded", amount_received: 3000, amount_capturable: 0 });
    const refunded = await sim.events.refund({ account, charge: paid.charge!.id, deliver: false });
    expect(refunded.refund.amount).toBe(3000);
    expect(refunded.charge).toMatchObject({ amount_refunded: 5000, refunded: true });
  });

  it("expires: charge.expired, refunded in full, the intent canceled", async () => {
    const paid = await sim.events.checkoutPayment({ ...sale(), captureMethod: "manual" });
    const expired = await sim.events.expireCharge({ account, charge: paid.charge!.id, deliver: false });
    expect(types(expired)).toEqual(["charge.expired"]);
    expect(expired.charge).toMatchObject({
      captured: false,
      status: "succeeded",
      refunded: true,
      amount_refunded: 5000,
    });
    expect(expired.release.reason).toBe("expired_uncaptured_charge");
    const intent = await stripe.paymentIntents.retrieve(paid.paymentIntent!.id, {}, opts);
    expect(intent).toMatchObject({ status: "canceled", cancellation_reason: "automatic" });
    await expect(
      sim.events.captureCharge({ account, charge: paid.charge!.id, deliver: false }),
    ).rejects.toThrow(/requires_capture/);
  });
});
