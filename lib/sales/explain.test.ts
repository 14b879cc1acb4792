import { describe, expect, it } from "vitest";
import { type ExplainInput, explainPurchase } from "./explain";

/** explainPurchase on hand-made rows: the figure, the arithmetic shown, and each adjustment in words. */

const T = new Date("2026-03-01T10:00:00Z");

type Row<K extends keyof ExplainInput> = ExplainInput[K] extends (infer R)[] ? R : ExplainInput[K];

function purchase(patch: Partial<ExplainInput["purchase"]> = {}): ExplainInput["purchase"] {
  return {
    amount: 10_000,
    chargedAmount: null,
    currency: "usd",
    paymentStatus: "paid",
    commissionNote: null,
    selfReferral: false,
    affiliateId: "aff_1",
    source: "charge",
    stripeId: "pi_1",
    stripeChargeId: "ch_1",
    stripePaymentIntentId: "pi_1",
    stripeInvoiceId: null,
    stripeCustomerId: "cus_1",
    stripeSubscriptionId: null,
    ...patch,
  };
}

function commission(patch: Partial<Row<"commissions">> = {}): Row<"commissions"> {
  return {
    id: "com_sale",
    kind: "sale",
    amount: 2000,
    grossAmount: 2000,
    rateBps: 2000,
    status: "pending",
    holdReason: null,
    cancelReason: null,
    payoutId: null,
    reversesId: null,
    dueAt: new Date("2026-03-31T10:00:00Z"),
    createdAt: T,
    ...patch,
  };
}

function adjustment(patch: Partial<Row<"adjustments">> & Pick<Row<"adjustments">, "id">): Row<"adjustments"> {
  return {
    kind: "refund",
    amount: 0,
    status: "succeeded",
    effect: "reduces",
    eventId: "evt_1",
    eventType: "charge.refunded",
    createdAt: T,
    updatedAt: T,
    ...patch,
  };
}

const explain = (input: Partial<ExplainInput> & Pick<ExplainInput, "purchase">) =>
  explainPurchase({ commissions: [], adjustments: [], events: [], ...input });

describe("explainPurchase", () => {
  it("percent with tax: the base is net of tax, refunds reduce it pro rata to the charge", () => {
    const e = explain({
      purchase: purchase({ amount: 10_000, chargedAmount: 12_000 }),
      commissions: [commission({ amount: 1500 })],
      adjustments: [
        adjustment({ id: "re_1", amount: 3000, eventId: "evt_refund", eventType: "refund.created" }),
      ],
    });
    expect(e).toMatchObject({ base: 10_000, chargedAmount: 12_000, tax: 2000, reductions: 3000, kept: 9000 });
    expect(e.netBase).toBe(7500);
    expect(e.rule).toEqual({
      type: "percent",
      rateBps: 2000,
      flatAmount: null,
      description: "20% of the base",
    });
    // half_up(2000 × 10 000 × 9 000 / (10 000 × 12 000)) = 1 500
    expect(e.commission.amount).toBe(1500);
    expect(e.commission.formula).toBe("20% × $100.00 × ($120.00 − $30.00) ÷ $120.00 = $15.00");
    expect(e.commission.description).toContain("$90.00 of $120.00");
    expect(e.commission.net).toBe(1500);
    expect(e.adjustments).toEqual([
      expect.objectContaining({
        id: "re_1",
        label: "Partial refund",
        amount: 3000,
        effectText: "reduces the base",
        event: { id: "evt_refund", type: "refund.created" },
      }),
    ]);
    expect(e.stripe).toEqual({
      charge: "ch_1",
      paymentIntent: "pi_1",
      invoice: null,
      customer: "cus_1",
      subscription: null,
      checkoutSession: null,
    });
  });

  it("untouched sale: the formula is the rule times the base, and says what tax was charged", () => {
    const e = explain({
      purchase: purchase({ amount: 4999, chargedAmount: 5499 }),
      commissions: [commission({ amount: 1000, grossAmount: 1000 })],
    });
    expect(e.commission.amount).toBe(1000); // 999.8 rounded half up
    expect(e.commission.formula).toBe("20% × $49.99 = $10.00");
    expect(e.commission.description).toBe(
      "20% of the $49.99 base ($54.99 charged, tax included), nothing taken back: $10.00.",
    );
  });

  it("flat: a yen amount shrinks pro rata with what was kept, rounded once", () => {
    const e = explain({
      purchase: purchase({ amount: 12_000, currency: "jpy" }),
      commissions: [commission({ rateBps: null, grossAmount: 1500, amount: 1125 })],
      adjustments: [adjustment({ id: "re_1", amount: 3000 })],
    });
    expect(e.rule).toMatchObject({
      type: "flat",
      flatAmount: 1500,
      description: "Flat ¥1,500, pro rata to what the customer kept",
    });
    expect(e.commission.amount).toBe(1125);
    expect(e.commission.formula).toBe("¥1,500 × (¥12,000 − ¥3,000) ÷ ¥12,000 = ¥1,125");
    expect(e.commission.description).toBe(
      "The flat ¥1,500, times the share of the charge the customer kept (¥9,000 of ¥12,000, after ¥3,000 taken back), rounded half up once: ¥1,125.",
    );
    expect(e.netBase).toBe(9000);
  });

  it("a failed refund reduces nothing, and names the event that failed it", () => {
    const e = explain({
      purchase: purchase({ amount: 5000 }),
      commissions: [commission({ amount: 1000, grossAmount: 1000 })],
      adjustments: [
        adjustment({
          id: "re_failed",
          amount: 2000,
          status: "failed",
          effect: "none",
          eventId: "evt_fail",
          eventType: "refund.failed",
        }),
      ],
    });
    expect(e.reductions).toBe(0);
    expect(e.netBase).toBe(5000);
    expect(e.commission.amount).toBe(1000);
    expect(e.commission.formula).toBe("20% × $50.00 = $10.00");
    expect(e.adjustments[0]).toMatchObject({
      label: "Partial refund",
      status: "failed",
      effectText: "nothing (failed)",
      event: { id: "evt_fail", type: "refund.failed" },
    });
  });

  it("a lost partial dispute reduces only its own amount and no longer holds", () => {
    const e = explain({
      purchase: purchase(),
      commissions: [commission({ amount: 1200 })],
      adjustments: [
        adjustment({
          id: "du_1",
          kind: "dispute",
          amount: 4000,
          status: "lost",
          effect: "reduces",
          eventType: "charge.dispute.closed",
        }),
      ],
    });
    expect(e.held).toBe(false);
    expect(e.commission.amount).toBe(1200);
    expect(e.commission.formula).toBe("20% × $100.00 × ($100.00 − $40.00) ÷ $100.00 = $12.00");
    expect(e.adjustments[0]).toMatchObject({ label: "Partial dispute", effectText: "reduces the base" });
  });

  it("an open dispute with funds withdrawn reduces and holds; the hold reason is in words", () => {
    const e = explain({
      purchase: purchase(),
      commissions: [commission({ amount: 0, status: "on_hold", holdReason: "dispute" })],
      adjustments: [
        adjustment({
          id: "du_1",
          kind: "dispute",
          amount: 10_000,
          status: "needs_response",
          effect: "reduces_and_holds",
        }),
      ],
    });
    expect(e.held).toBe(true);
    expect(e.commission.amount).toBe(0);
    expect(e.adjustments[0]).toMatchObject({
      label: "Dispute",
      effectText: "reduces the base and holds the commission",
    });
    expect(e.commissions[0]!.statusText).toBe("On hold: a dispute is open");
  });

  it("a paid commission corrected by a clawback: the rows add up to the figure", () => {
    const e = explain({
      purchase: purchase(),
      commissions: [
        commission({ amount: 2000, status: "paid", payoutId: "pay_1" }),
        commission({
          id: "com_claw",
          kind: "clawback",
          amount: -800,
          grossAmount: null,
          rateBps: null,
          status: "due",
          reversesId: "com_sale",
          dueAt: T,
        }),
      ],
      adjustments: [adjustment({ id: "re_1", amount: 4000 })],
    });
    // The rule is the sale commission's, not the clawback's.
    expect(e.rule.type).toBe("percent");
    expect(e.commission.amount).toBe(1200);
    expect(e.commission.net).toBe(1200);
    expect(e.commissions).toEqual([
      expect.objectContaining({ kind: "sale", amount: 2000, statusText: "Paid", payoutId: "pay_1" }),
      expect.objectContaining({ kind: "clawback", amount: -800, statusText: "Due", reversesId: "com_sale" }),
    ]);
  });

  it("no commission: the purchase's note, a self-referral, or no affiliate at all", () => {
    const note = explain({
      purchase: purchase({
        currency: "jpy",
        commissionNote: "The commission plan has no flat amount in JPY",
      }),
    });
    expect(note.rule).toEqual({
      type: "none",
      rateBps: null,
      flatAmount: null,
      description: "No commission: the commission plan has no flat amount in JPY",
    });
    expect(note.commission).toMatchObject({ amount: 0, formula: "—", net: 0 });
    expect(explain({ purchase: purchase({ selfReferral: true }) }).rule.description).toMatch(/self-referral/);
    expect(explain({ purchase: purchase({ affiliateId: null }) }).rule.description).toBe(
      "No commission: no affiliate referred this sale",
    );
  });

  it("a failed payment keeps nothing; a Checkout Session sale names its session", () => {
    const e = explain({
      purchase: purchase({ paymentStatus: "failed", source: "checkout_session" }),
      events: [
        {
          id: "evt_cs",
          type: "checkout.session.completed",
          status: "processed",
          note: null,
          objectId: "cs_1",
          createdAt: T,
          receivedAt: T,
        },
      ],
      commissions: [commission({ amount: 0, status: "cancelled", cancelReason: "ledger" })],
    });
    expect(e.kept).toBe(0);
    expect(e.commission.amount).toBe(0);
    expect(e.commission.description).toMatch(/payment failed/);
    expect(e.commissions[0]!.statusText).toBe("Cancelled: nothing left to earn");
    expect(e.stripe.checkoutSession).toBe("cs_1");
  });
});
