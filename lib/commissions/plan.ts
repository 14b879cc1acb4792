/** Commission plan (SPEC §6): a merchant's, optionally overridden field by field per affiliate. */
export interface CommissionPlan {
  type: "percent" | "flat";
  rateBps: number;
  /**
   * A flat plan's amount in each currency it pays in (minor units, lower-case ISO codes). A sale
   * in any other currency earns nothing (docs/ledger.md, "A flat amount is in a currency").
   */
  flatAmounts: Record<string, number>;
  recurrence: "first" | "every" | "months";
  recurrenceMonths: number | null;
  holdDays: number;
}

type PlanColumns = {
  commissionType: CommissionPlan["type"] | null;
  commissionRateBps: number | null;
  commissionFlatAmounts: Record<string, number> | null;
  commissionRecurrence: CommissionPlan["recurrence"] | null;
  commissionRecurrenceMonths: number | null;
  commissionHoldDays: number | null;
};

export function effectivePlan(
  merchant: PlanColumns,
  affiliate?: Partial<PlanColumns> | null,
): CommissionPlan {
  const pick = <K extends keyof PlanColumns>(key: K) => affiliate?.[key] ?? merchant[key];
  return {
    type: pick("commissionType") ?? "percent",
    rateBps: pick("commissionRateBps") ?? 2000,
    // An affiliate's amounts replace the program's as a whole: a currency the affiliate's plan
    // leaves out earns nothing, rather than the program's amount in it.
    flatAmounts: normalizeFlatAmounts(pick("commissionFlatAmounts")),
    recurrence: pick("commissionRecurrence") ?? "every",
    recurrenceMonths: pick("commissionRecurrenceMonths"),
    holdDays: pick("commissionHoldDays") ?? 30,
  };
}

function normalizeFlatAmounts(stored: Record<string, number> | null): Record<string, number> {
  const amounts: Record<string, number> = {};
  for (const [currency, amount] of Object.entries(stored ?? {}))
    if (Number.isSafeInteger(amount)) amounts[currency.toLowerCase()] = amount;
  return amounts;
}

/** Round half-up to the minor unit, once, at the end (SPEC §2): integers only. */
export function mulDivHalfUp(value: number, numerator: number, denominator: number): number {
  const sign = Math.sign(value) * Math.sign(numerator) || 1;
  const abs = BigInt(Math.abs(value)) * BigInt(Math.abs(numerator));
  const d = BigInt(denominator);
  return sign * Number((abs * 2n + d) / (2n * d));
}

/** What a sale earns under a plan, with the rule it was earned under (null rate: flat). */
export interface Earning {
  amount: number;
  rateBps: number | null;
  /** Why it earns nothing, when the plan cannot pay in the sale's currency. */
  note: string | null;
}

/** The flat amount a plan pays for a sale in `currency`, or null when it names none. */
export function flatAmountIn(plan: CommissionPlan, currency: string): number | null {
  const code = currency.toLowerCase();
  return Object.hasOwn(plan.flatAmounts, code) ? (plan.flatAmounts[code] ?? null) : null;
}

/** Commission earned on a payment of `base` minor units in `currency`. */
export function commissionFor(plan: CommissionPlan, base: number, currency: string): Earning {
  if (plan.type === "percent")
    return {
      amount: base > 0 ? mulDivHalfUp(base, plan.rateBps, 10_000) : 0,
      rateBps: plan.rateBps,
      note: null,
    };
  const flat = flatAmountIn(plan, currency);
  if (flat === null)
    return {
      amount: 0,
      rateBps: null,
      note: `The commission plan has no flat amount in ${currency.toUpperCase()}`,
    };
  return { amount: base > 0 ? flat : 0, rateBps: null, note: null };
}

/**
 * Whether a customer's payment earns commission under the plan's recurrence.
 * `priorPayments` counts the customer's earlier attributed payments; months run from the first.
 */
export function earnsCommission(
  plan: CommissionPlan,
  payment: { priorPayments: number; firstPaymentAt: Date | null; paidAt: Date },
): boolean {
  if (plan.recurrence === "first") return payment.priorPayments === 0;
  if (plan.recurrence === "every") return true;
  if (!payment.firstPaymentAt) return true;
  const limit = addMonths(payment.firstPaymentAt, plan.recurrenceMonths ?? 0);
  return payment.paidAt < limit;
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function holdUntil(from: Date, holdDays: number): Date {
  return new Date(from.getTime() + holdDays * 86_400_000);
}
