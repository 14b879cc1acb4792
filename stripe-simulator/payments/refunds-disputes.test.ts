import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../index";
import { connected, failure, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
let account: string;
let opts: { stripeAccount: string };

beforeAll(async () => {
  ({ sim, stripe } = await start());
  ({ account } = connected(sim));
  opts = { stripeAccount: account };
});
afterAll(() => sim.close());

const types = (r: { events: { type: string }[] }) => r.events.map((e) => e.type);
const pay = async (amount = 5000) =>
  (await sim.events.checkoutPayment({ account, email: "r@example.com", amount, deliver: false })).charge!;

describe("refunds by id", () => {
  it("a pending refund that fails gives the charge its amount back", async () => {
    const charge = await pay();
    const created = await sim.events.refund({
      account,
      charge: charge.id,
      amount: 2000,
      status: "pending",
      deliver: false,
    });
    expect(types(created)).toEqual(["refund.created", "charge.refunded"]);
    expect(created.events[0]?.data.object).toMatchObject({ status: "pending", amount: 2000 });
    expect(created.events[1]?.data.object).toMatchObject({ amount_refunded: 2000, refunded: false });
    const failed = await sim.events.failRefund({ account, refund: created.refund.id, deliver: false });
    expect(types(failed)).toEqual(["refund.failed", "refund.updated", "charge.refund.updated"]);
    expect(failed.events[1]?.data).toMatchObject({
      object: { status: "failed", failure_reason: "expired_or_canceled_card" },
      previous_attributes: { status: "pending" },
    });
    expect(failed.charge).toMatchObject({ amount_refunded: 0, refunded: false });
    const read = await stripe.refunds.retrieve(created.refund.id, {}, opts);
    expect(read).toMatchObject({
      status: "failed",
      failure_reason: "expired_or_canceled_card",
      charge: charge.id,
    });
  });

  it("settles a pending refund; cancels only requires_action ones", async () => {
    const charge = await pay();
    const pending = await sim.events.refund({
      account,
      charge: charge.id,
      amount: 1000,
      status: "pending",
      deliver: false,
    });
    await expect(
      sim.events.cancelRefund({ account, refund: pending.refund.id, deliver: false }),
    ).rejects.toThrow(/requires_action/);
    const settled = await sim.events.settleRefund({ account, refund: pending.refund.id, deliver: false });
    expect(types(settled)).toEqual(["refund.updated", "charge.refund.updated"]);
    expect(settled.refund.status).toBe("succeeded");
    const waiting = await sim.events.refund({
      account,
      charge: charge.id,
      status: "requires_action",
      deliver: false,
    });
    expect(waiting.charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    const canceled = await sim.events.cancelRefund({ account, refund: waiting.refund.id, deliver: false });
    expect(types(canceled)).toEqual(["refund.updated", "charge.refund.updated"]);
    expect(canceled.refund.status).toBe("canceled");
    expect(canceled.charge).toMatchObject({ amount_refunded: 1000, refunded: false });
    const list = await stripe.refunds.list({ charge: charge.id }, opts);
    expect(list.data.map((r) => r.status)).toEqual(["canceled", "succeeded"]);
  });
});

describe("disputes by id", () => {
  it("an inquiry withdraws nothing; after warning_closed the charge can be disputed again, in part", async () => {
    const charge = await pay();
    const inquiry = await sim.events.dispute({ account, charge: charge.id, inquiry: true, deliver: false });
    expect(types(inquiry)).toEqual(["charge.dispute.created"]);
    expect(inquiry.dispute).toMatchObject({
      status: "warning_needs_response",
      balance_transactions: [],
      amount: 5000,
    });
    expect(inquiry.charge.disputed).toBe(true);
    await expect(sim.events.dispute({ account, charge: charge.id, deliver: false })).rejects.toThrow(
      /open dispute/,
    );
    const closed = await sim.events.closeDispute({
      account,
      dispute: inquiry.dispute.id,
      outcome: "warning_closed",
      deliver: false,
    });
    expect(types(closed)).toEqual(["charge.dispute.closed"]);

    const second = await sim.events.dispute({ account, charge: charge.id, amount: 3000, deliver: false });
    expect(second.dispute.id).not.toBe(inquiry.dispute.id);
    expect(types(second)).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    expect(second.dispute).toMatchObject({ status: "needs_response", amount: 3000 });
    expect(second.dispute.balance_transactions[0]).toMatchObject({ amount: -3000, fee: 1500, net: -4500 });
    const refundWhileDisputed = await failure(stripe.refunds.create({ charge: charge.id }, opts));
    expect(refundWhileDisputed).toMatchObject({ statusCode: 400, code: "charge_disputed" });

    const updated = await sim.events.updateDispute({ account, dispute: second.dispute.id, deliver: false });
    expect(types(updated)).toEqual(["charge.dispute.updated"]);
    expect(updated.events[0]?.data).toMatchObject({
      object: { status: "under_review", evidence_details: { has_evidence: true, submission_count: 1 } },
      previous_attributes: { status: "needs_response" },
    });
    const won = await sim.events.closeDispute({
      account,
      dispute: second.dispute.id,
      outcome: "won",
      deliver: false,
    });
    expect(types(won)).toEqual(["charge.dispute.closed", "charge.dispute.funds_reinstated"]);
    const read = await stripe.disputes.retrieve(second.dispute.id, {}, opts);
    expect(read.status).toBe("won");
    expect(read.balance_transactions.map((t) => t.amount)).toEqual([-3000, 3000]);
    const list = await stripe.disputes.list({ charge: charge.id }, opts);
    expect(list.data.map((d) => d.status)).toEqual(["won", "warning_closed"]);
  });
});

describe("credit notes", () => {
  it("splits a post-payment credit between a refund, the customer balance and out of band", async () => {
    const started = await sim.events.subscriptionStarted({
      account,
      email: "cn@example.com",
      amount: 5000,
      interval: "month",
      deliver: false,
    });
    const invoice = started.invoice!.id;
    const issued = await sim.events.creditNote({
      account,
      invoice,
      refundAmount: 1000,
      creditAmount: 500,
      outOfBandAmount: 700,
      reason: "product_unsatisfactory",
      deliver: false,
    });
    expect(types(issued)).toEqual(["credit_note.created", "refund.created", "charge.refunded"]);
    expect(issued.creditNote).toMatchObject({
      amount: 2200,
      out_of_band_amount: 700,
      post_payment_amount: 2200,
      pre_payment_amount: 0,
      status: "issued",
      type: "post_payment",
      invoice,
    });
    expect(issued.creditNote.refunds).toEqual([
      { amount_refunded: 1000, payment_record_refund: null, refund: issued.refund?.id, type: "refund" },
    ]);
    expect(issued.creditNote.customer_balance_transaction).toMatch(/^cbtxn_/);
    expect(issued.charge).toMatchObject({ amount_refunded: 1000 });
    const read = await stripe.creditNotes.retrieve(issued.creditNote.id, {}, opts);
    expect(read.number).toMatch(/-CN-01$/);
    expect((await stripe.invoices.retrieve(invoice, {}, opts)).post_payment_credit_notes_amount).toBe(2200);
    expect(
      (await stripe.customers.retrieve(started.customer!.id, {}, opts)) as Stripe.Customer,
    ).toMatchObject({
      balance: -500,
    });

    const mismatch = await failure(
      stripe.creditNotes.create({ invoice, amount: 1000, out_of_band_amount: 400 }, opts),
    );
    expect(mismatch).toMatchObject({ statusCode: 400, param: "out_of_band_amount" });
    const outOfBand = await stripe.creditNotes.create(
      { invoice, amount: 800, out_of_band_amount: 800 },
      opts,
    );
    expect(outOfBand).toMatchObject({ amount: 800, refunds: [], out_of_band_amount: 800 });
    const listed = await stripe.creditNotes.list({ invoice }, opts);
    expect(listed.data.map((c) => c.id)).toEqual([outOfBand.id, issued.creditNote.id]);

    await expect(
      sim.events.voidCreditNote({ account, creditNote: issued.creditNote.id, deliver: false }),
    ).rejects.toThrow(/refunds/);
    const voided = await sim.events.voidCreditNote({ account, creditNote: outOfBand.id, deliver: false });
    expect(types(voided)).toEqual(["credit_note.voided"]);
    expect(voided.invoice.post_payment_credit_notes_amount).toBe(2200);
    expect(
      (await stripe.creditNotes.voidCreditNote(issued.creditNote.id, {}, opts).catch((e) => e)).statusCode,
    ).toBe(400);
  });
});

describe("GET /v1/events", () => {
  it("lists every event built, delivered or not", async () => {
    const before = sim.state.accounts.get(account)?.events.size ?? 0;
    const charge = await pay(1200);
    const refunded = await sim.events.refund({ account, charge: charge.id, deliver: false });
    const listed = await stripe.events.list({ limit: 100 }, opts);
    const ids = listed.data.map((e) => e.id);
    for (const event of refunded.events) expect(ids).toContain(event.id);
    expect(sim.state.accounts.get(account)?.events.size).toBe(before + 4);
    const byType = await stripe.events.list({ type: "refund.created", limit: 100 }, opts);
    expect(byType.data[0]?.id).toBe(refunded.events[0]?.id);
  });
});
