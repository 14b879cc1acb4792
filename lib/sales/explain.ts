import type { Commission, Purchase, SaleAdjustment, StripeEvent } from "@/db/schema";
import { commissionTarget, kept, ratioHalfUp, saleState } from "@/lib/commissions/ledger";
import { formatMoney } from "@/lib/format";
import { ADJUSTMENT_KIND, commissionStatusText, effectText } from "./explain-words";

/**
 * How a purchase's commission came to be (SPEC §6, docs/ledger.md): the base, the rule fixed
 * when the commission was made, each adjustment with the event that last changed it, and the
 * one-rounding arithmetic from them to the figure. Pure: the page and the API render it.
 * Just over 300 lines: one explanation, each part feeding the figure; its words live apart
 * (explain-words.ts).
 */

export type ExplainInput = {
  purchase: Pick<
    Purchase,
    | "amount"
    | "chargedAmount"
    | "currency"
    | "paymentStatus"
    | "commissionNote"
    | "selfReferral"
    | "affiliateId"
    | "source"
    | "stripeId"
    | "stripeChargeId"
    | "stripePaymentIntentId"
    | "stripeInvoiceId"
    | "stripeCustomerId"
    | "stripeSubscriptionId"
  >;
  commissions: Pick<
    Commission,
    | "id"
    | "kind"
    | "amount"
    | "grossAmount"
    | "rateBps"
    | "status"
    | "holdReason"
    | "cancelReason"
    | "payoutId"
    | "reversesId"
    | "dueAt"
    | "createdAt"
  >[];
  adjustments: Pick<
    SaleAdjustment,
    "id" | "kind" | "amount" | "status" | "effect" | "eventId" | "eventType" | "createdAt" | "updatedAt"
  >[];
  events: ExplainedEvent[];
};

export type ExplainedEvent = Pick<
  StripeEvent,
  "id" | "type" | "status" | "note" | "createdAt" | "receivedAt"
> & {
  /** The Stripe object the event is about. */
  objectId: string | null;
};

export type Rule =
  | { type: "percent"; rateBps: number; flatAmount: null; description: string }
  | { type: "flat"; rateBps: null; flatAmount: number; description: string }
  | { type: "none"; rateBps: null; flatAmount: null; description: string };

export interface ExplainedAdjustment {
  id: string;
  kind: SaleAdjustment["kind"];
  /** "Refund", "Partial dispute", … */
  label: string;
  amount: number;
  status: string;
  effect: SaleAdjustment["effect"];
  /** "reduces the base", "holds the commission", "nothing (failed)", … */
  effectText: string;
  event: { id: string; type: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExplainedCommission {
  id: string;
  kind: Commission["kind"];
  amount: number;
  status: Commission["status"];
  holdReason: Commission["holdReason"];
  cancelReason: Commission["cancelReason"];
  /** The status in words: "On hold: a dispute is open", "Paid", … */
  statusText: string;
  payoutId: string | null;
  reversesId: string | null;
  dueAt: Date | null;
  createdAt: Date;
}

export interface Explanation {
  currency: string;
  /** The commission base: what the customer paid, net of discounts and tax. */
  base: number;
  /** What Stripe charged, tax included: the denominator of every adjustment. */
  chargedAmount: number;
  /** Charged less base (tax, where Stripe reports it). */
  tax: number;
  rule: Rule;
  /** Reductions in charged terms, capped at the charged amount. */
  reductions: number;
  /** What the customer kept of the charged amount. */
  kept: number;
  /** The base scaled by what was kept, rounded for display (the figure uses the exact ratio). */
  netBase: number;
  /** An open dispute holds the commission. */
  held: boolean;
  commission: {
    /** What the sale earns now: the target the sale commission and its clawbacks add up to. */
    amount: number;
    /** The arithmetic in numbers: "20% × $100.00 × ($120.00 − $30.00) ÷ $120.00 = $15.00". */
    formula: string;
    /** The same in words. */
    description: string;
    /** The sum of the commission rows that count (not cancelled): the affiliate's share today. */
    net: number;
  };
  adjustments: ExplainedAdjustment[];
  commissions: ExplainedCommission[];
  stripe: {
    charge: string | null;
    paymentIntent: string | null;
    invoice: string | null;
    customer: string | null;
    subscription: string | null;
    checkoutSession: string | null;
  };
  /** The Stripe events that shaped the purchase, newest last. */
  events: ExplainedEvent[];
}

export function explainPurchase(input: ExplainInput): Explanation {
  const { purchase } = input;
  const money = (amount: number) => formatMoney(amount, purchase.currency);
  const sale = input.commissions.find((c) => c.kind === "sale") ?? null;
  const state = saleState(input.adjustments);
  const k = kept(purchase, state);
  const charged = purchase.chargedAmount ?? purchase.amount;
  const reductions = charged - k.kept;
  const rule = ruleOf(purchase, sale, money);
  const target = sale && rule.type !== "none" ? commissionTarget(sale, purchase, state) : 0;
  const netBase = ratioHalfUp([purchase.amount, k.kept], [k.charged]);
  return {
    currency: purchase.currency,
    base: purchase.amount,
    chargedAmount: charged,
    tax: charged - purchase.amount,
    rule,
    reductions,
    kept: k.kept,
    netBase,
    held: state.held,
    commission: {
      amount: target,
      ...formulaOf(rule, { base: purchase.amount, charged, reductions, target }, purchase, money),
      net: input.commissions.filter((c) => c.status !== "cancelled").reduce((sum, c) => sum + c.amount, 0),
    },
    adjustments: input.adjustments.map((a) => explainAdjustment(a, charged)),
    commissions: input.commissions.map(explainCommission),
    stripe: {
      charge: purchase.stripeChargeId,
      paymentIntent: purchase.stripePaymentIntentId,
      invoice: purchase.stripeInvoiceId,
      customer: purchase.stripeCustomerId,
      subscription: purchase.stripeSubscriptionId,
      checkoutSession: checkoutSessionOf(input),
    },
    events: input.events.map(({ id, type, status, note, createdAt, receivedAt, objectId }) => ({
      id,
      type,
      status,
      note,
      createdAt,
      receivedAt,
      objectId,
    })),
  };
}

/**
 * A one-off sale is keyed by its payment intent; its Checkout Session is named by the session's
 * own events (or by the key of a sale recorded from the session alone).
 */
function checkoutSessionOf(input: ExplainInput): string | null {
  if (input.purchase.source === "checkout_session" && input.purchase.stripeId.startsWith("cs_"))
    return input.purchase.stripeId;
  const event = input.events.find((e) => e.type.startsWith("checkout.session.") && e.objectId);
  return event?.objectId ?? null;
}

function ruleOf(
  purchase: ExplainInput["purchase"],
  sale: ExplainInput["commissions"][number] | null,
  money: (n: number) => string,
): Rule {
  const none = (why: string): Rule => ({
    type: "none",
    rateBps: null,
    flatAmount: null,
    description: `No commission: ${why}`,
  });
  if (purchase.selfReferral) return none("a self-referral (the affiliate bought for themselves)");
  if (!sale) {
    if (purchase.commissionNote) return none(uncapitalise(purchase.commissionNote));
    if (!purchase.affiliateId) return none("no affiliate referred this sale");
    return none("the plan paid nothing for this sale");
  }
  if (sale.rateBps !== null)
    return {
      type: "percent",
      rateBps: sale.rateBps,
      flatAmount: null,
      description: `${percent(sale.rateBps)} of the base`,
    };
  const flat = sale.grossAmount ?? sale.amount;
  return {
    type: "flat",
    rateBps: null,
    flatAmount: flat,
    description: `Flat ${money(flat)}, pro rata to what the customer kept`,
  };
}

function formulaOf(
  rule: Rule,
  n: { base: number; charged: number; reductions: number; target: number },
  purchase: ExplainInput["purchase"],
  money: (n: number) => string,
): { formula: string; description: string } {
  if (rule.type === "none") return { formula: "—", description: rule.description };
  const factor =
    rule.type === "percent" ? `${percent(rule.rateBps)} × ${money(n.base)}` : money(rule.flatAmount);
  const what =
    rule.type === "percent"
      ? `${percent(rule.rateBps)} of the ${money(n.base)} base`
      : `the flat ${money(rule.flatAmount)}`;
  if (purchase.paymentStatus === "failed")
    return {
      formula: `${factor} × 0 = ${money(0)}`,
      description: `${what}, but the payment failed: nothing was kept, nothing is earned.`,
    };
  if (n.reductions === 0) {
    const full = n.charged === n.base ? "" : ` (${money(n.charged)} charged, tax included)`;
    return {
      formula: `${factor} = ${money(n.target)}`,
      description: `${capitalise(what)}${full}, nothing taken back: ${money(n.target)}.`,
    };
  }
  const kept = n.charged - n.reductions;
  return {
    formula: `${factor} × (${money(n.charged)} − ${money(n.reductions)}) ÷ ${money(n.charged)} = ${money(n.target)}`,
    description:
      `${capitalise(what)}, times the share of the charge the customer kept ` +
      `(${money(kept)} of ${money(n.charged)}, after ${money(n.reductions)} taken back), ` +
      `rounded half up once: ${money(n.target)}.`,
  };
}

function explainAdjustment(a: ExplainInput["adjustments"][number], charged: number): ExplainedAdjustment {
  const partial = a.amount < charged && a.kind !== "credit_note";
  return {
    id: a.id,
    kind: a.kind,
    label: partial ? `Partial ${ADJUSTMENT_KIND[a.kind].toLowerCase()}` : ADJUSTMENT_KIND[a.kind],
    amount: a.amount,
    status: a.status,
    effect: a.effect,
    effectText: effectText(a),
    event: a.eventId ? { id: a.eventId, type: a.eventType } : null,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function explainCommission(c: ExplainInput["commissions"][number]): ExplainedCommission {
  return {
    id: c.id,
    kind: c.kind,
    amount: c.amount,
    status: c.status,
    holdReason: c.holdReason,
    cancelReason: c.cancelReason,
    statusText: commissionStatusText(c),
    payoutId: c.payoutId,
    reversesId: c.reversesId,
    dueAt: c.dueAt,
    createdAt: c.createdAt,
  };
}

function percent(rateBps: number): string {
  const value = rateBps / 100;
  return `${Number.isInteger(value) ? value : value.toFixed(2).replace(/0+$/, "")}%`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uncapitalise = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
