import fc from "fast-check";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { commissionTarget, saleState } from "@/lib/commissions/ledger";
import { creditNoteRow, disputeRow, purchaseSummary, refundRow } from "@/lib/sales/adjustments";

/**
 * Properties of the ledger's arithmetic (docs/ledger.md "Adjustments", "Commissions"): random
 * sales and random refunds, disputes and credit notes in random stages, checked against figures
 * computed here independently, in BigInt, from the Stripe objects themselves.
 */

const RUNS = { numRuns: 500 };

// ---- Stripe objects in any of their stages ----------------------------------------------------

type Refund = { kind: "refund"; amount: number; status: string };
type Dispute = {
  kind: "dispute";
  amount: number;
  inquiry: boolean;
  /** Where the dispute is: open, funds withdrawn, funds reinstated, or closed with an outcome. */
  status: string;
  withdrawn: boolean;
  reinstated: boolean;
};
type CreditNote = {
  kind: "credit_note";
  type: "pre_payment" | "post_payment" | "mixed";
  total: number;
  postPayment: number | null;
  refunded: number[];
  void: boolean;
};
type Adjustment = Refund | Dispute | CreditNote;

const refundArb = (max: number): fc.Arbitrary<Refund> =>
  fc.record({
    kind: fc.constant("refund" as const),
    amount: fc.integer({ min: 1, max }),
    status: fc.constantFrom("pending", "requires_action", "succeeded", "failed", "canceled"),
  });

const disputeArb = (max: number): fc.Arbitrary<Dispute> =>
  fc.oneof(
    // An inquiry withdraws nothing and closes as warning_closed.
    fc.record({
      kind: fc.constant("dispute" as const),
      amount: fc.integer({ min: 1, max }),
      inquiry: fc.constant(true),
      status: fc.constantFrom("warning_needs_response", "warning_under_review", "warning_closed"),
      withdrawn: fc.constant(false),
      reinstated: fc.constant(false),
    }),
    // A chargeback withdraws its amount at once; won, it is reinstated.
    fc
      .record({
        kind: fc.constant("dispute" as const),
        amount: fc.integer({ min: 1, max }),
        inquiry: fc.constant(false),
        status: fc.constantFrom("needs_response", "under_review", "won", "lost"),
        withdrawn: fc.constant(true),
        reinstated: fc.boolean(),
      })
      .map((d) => ({ ...d, reinstated: d.status === "won" || (d.status !== "lost" && d.reinstated) })),
  );

const creditNoteArb = (max: number): fc.Arbitrary<CreditNote> =>
  fc
    .record({
      kind: fc.constant("credit_note" as const),
      type: fc.constantFrom("pre_payment" as const, "post_payment" as const, "mixed" as const),
      total: fc.integer({ min: 1, max }),
      share: fc.integer({ min: 0, max: 100 }),
      refundShares: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 2 }),
      void: fc.boolean(),
      withPostPaymentAmount: fc.boolean(),
    })
    .map(({ share, refundShares, withPostPaymentAmount, ...note }) => {
      const postPayment =
        note.type === "pre_payment"
          ? 0
          : note.type === "post_payment"
            ? note.total
            : Math.floor((note.total * share) / 100);
      // Its refunds together are at most its post-payment part.
      let left = postPayment;
      const refunded = refundShares.map((s) => {
        const amount = Math.floor((left * s) / 100);
        left -= amount;
        return amount;
      });
      return {
        ...note,
        postPayment: withPostPaymentAmount || note.type === "mixed" ? postPayment : null,
        refunded,
      };
    });

const adjustmentArb = (max: number): fc.Arbitrary<Adjustment> =>
  fc.oneof(refundArb(max), disputeArb(max), creditNoteArb(max));

let ids = 0;
const created = 1_700_000_000;

function stripeRefund(r: Refund): Stripe.Refund {
  return {
    id: `re_${++ids}`,
    object: "refund",
    amount: r.amount,
    currency: "usd",
    status: r.status,
    created,
  } as Stripe.Refund;
}

function stripeDispute(d: Dispute): Stripe.Dispute {
  const moves = [...(d.withdrawn ? [-d.amount] : []), ...(d.reinstated ? [d.amount] : [])];
  return {
    id: `dp_${++ids}`,
    object: "dispute",
    amount: d.amount,
    currency: "usd",
    status: d.status,
    created,
    balance_transactions: moves.map((amount) => ({ amount })),
  } as unknown as Stripe.Dispute;
}

function stripeCreditNote(n: CreditNote): Stripe.CreditNote {
  return {
    id: `cn_${++ids}`,
    object: "credit_note",
    type: n.type,
    total: n.total,
    post_payment_amount: n.postPayment,
    refunds: n.refunded.map((amount_refunded) => ({ amount_refunded })),
    status: n.void ? "void" : "issued",
    currency: "usd",
    created,
  } as unknown as Stripe.CreditNote;
}

/** The row the webhook path stores for the object (with the event type its last event had). */
function rowOf(a: Adjustment) {
  if (a.kind === "refund") return refundRow(stripeRefund(a));
  if (a.kind === "dispute") {
    const eventType = a.reinstated
      ? "charge.dispute.funds_reinstated"
      : a.withdrawn
        ? "charge.dispute.funds_withdrawn"
        : "charge.dispute.created";
    return disputeRow(stripeDispute(a), eventType);
  }
  return creditNoteRow(stripeCreditNote(a));
}

// ---- The rulebook, restated independently -----------------------------------------------------

/** What an adjustment takes off the charged amount, straight from docs/ledger.md's table. */
function reductionOf(a: Adjustment): bigint {
  if (a.kind === "refund")
    return ["pending", "requires_action", "succeeded"].includes(a.status) ? BigInt(a.amount) : 0n;
  if (a.kind === "dispute") {
    if (a.status === "lost") return BigInt(a.amount);
    const closed = ["won", "warning_closed"].includes(a.status);
    return !closed && a.withdrawn && !a.reinstated ? BigInt(a.amount) : 0n;
  }
  if (a.void || a.type === "pre_payment") return 0n;
  const post = BigInt(a.postPayment ?? a.total);
  const refunded = a.refunded.reduce((s, r) => s + BigInt(r), 0n);
  return post > refunded ? post - refunded : 0n;
}

const halfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

function expectedTarget(
  rule: { rateBps: number | null; flat: number },
  sale: { base: number; charged: number },
  adjustments: Adjustment[],
): number {
  const G = BigInt(sale.charged);
  const R = adjustments.reduce((s, a) => s + reductionOf(a), 0n);
  const kept = G - (R < G ? R : G);
  if (rule.rateBps === null) return Number(halfUp(BigInt(rule.flat) * kept, G));
  return Number(halfUp(BigInt(rule.rateBps) * BigInt(sale.base) * kept, 10_000n * G));
}

// ---- Sales ------------------------------------------------------------------------------------

/** A sale in a two-decimal currency (cents) or a zero-decimal one (yen): base ≤ charged. */
const saleArb = fc
  .record({
    currency: fc.constantFrom("usd", "eur", "jpy", "krw"),
    charged: fc.integer({ min: 1, max: 100_000_000 }),
    baseShare: fc.integer({ min: 0, max: 10_000 }),
    chargedNull: fc.boolean(),
  })
  .map(({ currency, charged: raw, baseShare, chargedNull }) => {
    // Yen and won amounts are whole units: keep them in a realistic range.
    const charged = currency === "jpy" || currency === "krw" ? Math.max(1, Math.floor(raw / 100)) : raw;
    const base = chargedNull ? charged : Math.floor((charged * baseShare) / 10_000);
    return { currency, charged, base, chargedAmount: chargedNull ? null : charged };
  });

const ruleArb = fc.oneof(
  fc.record({ rateBps: fc.integer({ min: 0, max: 10_000 }), flat: fc.constant(0) }),
  fc.record({ rateBps: fc.constant(null), flat: fc.integer({ min: 0, max: 1_000_000 }) }),
);

type Sale = { currency: string; charged: number; base: number; chargedAmount: number | null };
type Rule = { rateBps: number | null; flat: number };

function commissionOf(rule: Rule, sale: Sale) {
  const gross =
    rule.rateBps === null ? rule.flat : Number(halfUp(BigInt(rule.rateBps) * BigInt(sale.base), 10_000n));
  return { rateBps: rule.rateBps, grossAmount: gross, amount: gross };
}

const purchaseOf = (sale: Sale) => ({
  amount: sale.base,
  chargedAmount: sale.chargedAmount,
  paymentStatus: "paid" as const,
});

function targetOf(rule: Rule, sale: Sale, adjustments: Adjustment[]) {
  return commissionTarget(commissionOf(rule, sale), purchaseOf(sale), saleState(adjustments.map(rowOf)));
}

/** A sale with up to six adjustments, each at most the charged amount. */
const caseArb = fc.tuple(saleArb, ruleArb).chain(([sale, rule]) =>
  fc.record({
    sale: fc.constant(sale),
    rule: fc.constant(rule),
    adjustments: fc.array(adjustmentArb(sale.charged), { maxLength: 6 }),
  }),
);

describe("commission target", () => {
  it("is half_up(rate × base × kept / charged), or the flat amount pro rata, rounded once", () => {
    fc.assert(
      fc.property(caseArb, ({ sale, rule, adjustments }) => {
        expect(targetOf(rule, sale, adjustments)).toBe(expectedTarget(rule, sale, adjustments));
      }),
      RUNS,
    );
  });

  it("never rises with another reduction", () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.record({ c: fc.constant(c), extra: adjustmentArb(c.sale.charged) })),
        ({ c: { sale, rule, adjustments }, extra }) => {
          expect(targetOf(rule, sale, [...adjustments, extra])).toBeLessThanOrEqual(
            targetOf(rule, sale, adjustments),
          );
        },
      ),
      RUNS,
    );
  });

  it("never rises as a refund grows", () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.record({
            c: fc.constant(c),
            a: fc.integer({ min: 1, max: c.sale.charged }),
            b: fc.integer({ min: 1, max: c.sale.charged }),
          }),
        ),
        ({ c: { sale, rule, adjustments }, a, b }) => {
          const refund = (amount: number): Refund => ({ kind: "refund", amount, status: "succeeded" });
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(targetOf(rule, sale, [...adjustments, refund(large)])).toBeLessThanOrEqual(
            targetOf(rule, sale, [...adjustments, refund(small)]),
          );
        },
      ),
      RUNS,
    );
  });

  it("is between 0 and the gross commission", () => {
    fc.assert(
      fc.property(caseArb, ({ sale, rule, adjustments }) => {
        const target = targetOf(rule, sale, adjustments);
        expect(target).toBeGreaterThanOrEqual(0);
        expect(target).toBeLessThanOrEqual(commissionOf(rule, sale).grossAmount);
        expect(Number.isInteger(target)).toBe(true);
      }),
      RUNS,
    );
  });

  it("is the gross commission with nothing reduced, and 0 with everything refunded", () => {
    fc.assert(
      fc.property(saleArb, ruleArb, (sale, rule) => {
        expect(targetOf(rule, sale, [])).toBe(commissionOf(rule, sale).grossAmount);
        expect(targetOf(rule, sale, [{ kind: "refund", amount: sale.charged, status: "succeeded" }])).toBe(0);
      }),
      RUNS,
    );
  });
});

describe("a refund that failed or was cancelled", () => {
  it("contributes nothing to the commission or the sale's summary", () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.record({
            c: fc.constant(c),
            amount: fc.integer({ min: 1, max: c.sale.charged }),
            status: fc.constantFrom("failed", "canceled"),
          }),
        ),
        ({ c: { sale, rule, adjustments }, amount, status }) => {
          const with_ = [...adjustments, { kind: "refund" as const, amount, status }];
          expect(targetOf(rule, sale, with_)).toBe(targetOf(rule, sale, adjustments));
          const rows = adjustments.map(rowOf);
          const failed = refundRow(stripeRefund({ kind: "refund", amount, status }));
          expect(failed.effect).toBe("none");
          expect(saleState([...rows, failed])).toEqual(saleState(rows));
          expect(purchaseSummary(purchaseOf(sale), [...rows, failed])).toEqual(
            purchaseSummary(purchaseOf(sale), rows),
          );
        },
      ),
      RUNS,
    );
  });
});

describe("the sale's summary", () => {
  it("shows refunds and credit notes in base terms, capped at the base, and the disputes' state", () => {
    fc.assert(
      fc.property(caseArb, ({ sale, adjustments }) => {
        const summary = purchaseSummary(purchaseOf(sale), adjustments.map(rowOf));
        const G = BigInt(sale.charged);
        const refunded = adjustments
          .filter((a) => a.kind !== "dispute")
          .reduce((s, a) => s + reductionOf(a), 0n);
        const capped = refunded < G ? refunded : G;
        expect(summary.amountRefunded).toBe(Number(halfUp(BigInt(sale.base) * capped, G)));
        expect(summary.amountRefunded).toBeLessThanOrEqual(sale.base);
        const disputes = adjustments.filter((a): a is Dispute => a.kind === "dispute");
        const open = disputes.some((d) => !["won", "lost", "warning_closed"].includes(d.status));
        const lost = disputes.some((d) => d.status === "lost");
        expect(summary.disputeStatus).toBe(open ? "open" : lost ? "lost" : disputes.length ? "won" : null);
        const status =
          open || lost
            ? "disputed"
            : capped === 0n
              ? "completed"
              : capped >= G
                ? "refunded"
                : "partially_refunded";
        expect(summary.status).toBe(status);
      }),
      RUNS,
    );
  });
});

// ---- Stage order ------------------------------------------------------------------------------

type Row = ReturnType<typeof rowOf>;

/** upsertAdjustment's rule (db/queries/adjustments.ts): a row only moves forward. */
function upsert(stored: Row | null, next: Row): Row {
  if (!stored) return next;
  if (next.stage > stored.stage) return next;
  const differs =
    next.status !== stored.status || next.amount !== stored.amount || next.effect !== stored.effect;
  if (next.stage === stored.stage && differs) return next;
  return stored;
}

/**
 * One object's lifecycle as the events Stripe sends for it, in Stripe's order: each step is
 * the object as that event carries it, and the event's type.
 */
const lifecycleArb: fc.Arbitrary<{ steps: Row[]; final: Row }> = fc
  .record({
    kind: fc.constantFrom("refund", "chargeback", "inquiry", "credit_note"),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    pick: fc.integer({ min: 0, max: 99 }),
    evidence: fc.boolean(),
  })
  .map(({ kind, amount, pick, evidence }) => {
    const id = `obj_${++ids}`;
    let steps: Row[];
    if (kind === "refund") {
      const paths = [
        ["pending", "succeeded"],
        ["pending", "failed"],
        ["succeeded", "failed"],
        ["pending", "succeeded", "failed"],
        ["requires_action", "canceled"],
        ["requires_action", "succeeded"],
        ["succeeded"],
      ];
      const path = paths[pick % paths.length]!;
      steps = path.map((status) => refundRow({ ...stripeRefund({ kind: "refund", amount, status }), id }));
    } else if (kind === "chargeback") {
      const outcome = pick % 2 ? "won" : "lost";
      const d = (status: string, reinstated = false): Stripe.Dispute => ({
        ...stripeDispute({ kind: "dispute", amount, inquiry: false, status, withdrawn: true, reinstated }),
        id,
      });
      steps = [
        disputeRow(d("needs_response"), "charge.dispute.created"),
        disputeRow(d("needs_response"), "charge.dispute.funds_withdrawn"),
        ...(evidence ? [disputeRow(d("under_review"), "charge.dispute.updated")] : []),
        disputeRow(d(outcome, outcome === "won"), "charge.dispute.closed"),
        ...(outcome === "won" ? [disputeRow(d("won", true), "charge.dispute.funds_reinstated")] : []),
      ];
    } else if (kind === "inquiry") {
      const d = (status: string): Stripe.Dispute => ({
        ...stripeDispute({
          kind: "dispute",
          amount,
          inquiry: true,
          status,
          withdrawn: false,
          reinstated: false,
        }),
        id,
      });
      steps = [
        disputeRow(d("warning_needs_response"), "charge.dispute.created"),
        ...(evidence ? [disputeRow(d("warning_under_review"), "charge.dispute.updated")] : []),
        disputeRow(d("warning_closed"), "charge.dispute.closed"),
      ];
    } else {
      const n = (voided: boolean): Stripe.CreditNote => ({
        ...stripeCreditNote({
          kind: "credit_note",
          type: "post_payment",
          total: amount,
          postPayment: null,
          refunded: [],
          void: voided,
        }),
        id,
      });
      steps = [creditNoteRow(n(false)), ...(evidence ? [creditNoteRow(n(true))] : [])];
    }
    return { steps, final: steps.at(-1)! };
  });

describe("an object's rows in any order", () => {
  it("converge on the last stage's effect and amount when each only moves forward", () => {
    fc.assert(
      fc.property(
        lifecycleArb.chain(({ steps, final }) =>
          fc.record({
            final: fc.constant(final),
            // Any order, any event possibly delivered more than once.
            order: fc
              .array(fc.integer({ min: 0, max: steps.length - 1 }), { maxLength: steps.length * 2 })
              .chain((extra) =>
                fc.shuffledSubarray([...steps.map((_, i) => i), ...extra], {
                  minLength: steps.length + extra.length,
                }),
              )
              .map((order) => order.map((i) => steps[i]!)),
          }),
        ),
        ({ final, order }) => {
          const stored = order.reduce<Row | null>(upsert, null)!;
          expect({ stage: stored.stage, effect: stored.effect, amount: stored.amount }).toEqual({
            stage: final.stage,
            effect: final.effect,
            amount: final.amount,
          });
        },
      ),
      RUNS,
    );
  });

  it("never let a stage go back in Stripe's own order", () => {
    fc.assert(
      fc.property(lifecycleArb, ({ steps }) => {
        for (let i = 1; i < steps.length; i++)
          expect(steps[i]!.stage).toBeGreaterThanOrEqual(steps[i - 1]!.stage);
      }),
      RUNS,
    );
  });

  it("converge on the last stage's status too", () => {
    fc.assert(
      fc.property(
        lifecycleArb.chain(({ steps, final }) =>
          fc.record({
            final: fc.constant(final),
            order: fc.shuffledSubarray(steps, { minLength: steps.length }),
          }),
        ),
        ({ final, order }) => {
          const stored = order.reduce<Row | null>(upsert, null)!;
          expect(stored.status).toBe(final.status);
        },
      ),
      RUNS,
    );
  });
});

describe("the events of a lifecycle so far, in any order", () => {
  it("leave the row at the latest stage's effect and amount", () => {
    fc.assert(
      fc.property(
        lifecycleArb.chain(({ steps }) =>
          fc.integer({ min: 1, max: steps.length }).chain((n) =>
            fc.record({
              last: fc.constant(steps[n - 1]!),
              order: fc.shuffledSubarray(steps.slice(0, n), { minLength: n }),
            }),
          ),
        ),
        ({ last, order }) => {
          const stored = order.reduce<Row | null>(upsert, null)!;
          expect([stored.stage, stored.effect, stored.amount]).toEqual([
            last.stage,
            last.effect,
            last.amount,
          ]);
        },
      ),
      RUNS,
    );
  });
});
