import type { Commission, Purchase, SaleAdjustment } from "@/db/schema";

/** The ledger's arithmetic (docs/ledger.md): pure, integer-only, rounded once. */

/** half_up(numerator / denominator) for non-negative integers given as factors, exactly. */
export function ratioHalfUp(numerators: number[], denominators: number[]): number {
  const n = numerators.reduce((p, v) => p * BigInt(v), 1n);
  const d = denominators.reduce((p, v) => p * BigInt(v), 1n);
  if (d === 0n) return 0;
  return Number((n * 2n + d) / (2n * d));
}

export interface SaleState {
  /** Reductions in charged terms (refunds, lost or withdrawn disputes, credit notes). */
  reductions: number;
  /** An open dispute holds the commission. */
  held: boolean;
}

type Sale = Pick<Purchase, "amount" | "chargedAmount" | "paymentStatus">;

/** What the customer kept of what Stripe charged: `G − min(R, G)`, and `G`. */
export function kept(sale: Sale, state: SaleState): { kept: number; charged: number } {
  const charged = sale.chargedAmount ?? sale.amount;
  if (sale.paymentStatus === "failed" || charged <= 0) return { kept: 0, charged: Math.max(charged, 1) };
  return { kept: charged - Math.min(Math.max(state.reductions, 0), charged), charged };
}

/**
 * A sale commission's figure now: percent of the current net base, or the flat (or legacy)
 * amount pro rata to what was kept — one rounding either way (docs/ledger.md "Commissions").
 */
export function commissionTarget(
  commission: Pick<Commission, "grossAmount" | "amount" | "rateBps">,
  sale: Sale,
  state: SaleState,
): number {
  const k = kept(sale, state);
  if (commission.rateBps !== null)
    return ratioHalfUp([commission.rateBps, sale.amount, k.kept], [10_000, k.charged]);
  return ratioHalfUp([commission.grossAmount ?? commission.amount, k.kept], [k.charged]);
}

export type LiveStatus = Pick<Commission, "status" | "holdReason" | "cancelReason">;

/** The status of an unpaid sale commission with `target` to earn. */
export function unpaidStatus(
  commission: Pick<Commission, "dueAt" | "status" | "holdReason">,
  sale: Sale,
  state: SaleState,
  target: number,
  now: Date,
): LiveStatus {
  // Held for the merchant's review, it waits for their decision whatever else happens meanwhile.
  if (commission.status === "on_hold" && commission.holdReason === "review")
    return { status: "on_hold", holdReason: "review", cancelReason: null };
  // An open dispute holds even a commission its withdrawn funds took to nothing: it may be won.
  if (state.held) return { status: "on_hold", holdReason: "dispute", cancelReason: null };
  if (target <= 0) return { status: "cancelled", holdReason: null, cancelReason: "ledger" };
  if (sale.paymentStatus === "awaiting")
    return { status: "on_hold", holdReason: "awaiting_payment", cancelReason: null };
  const due = commission.dueAt !== null && commission.dueAt <= now;
  return { status: due ? "due" : "pending", holdReason: null, cancelReason: null };
}

/** Sums a sale's adjustment rows into what the commission needs. */
export function saleState(rows: Pick<SaleAdjustment, "amount" | "effect">[]): SaleState {
  let reductions = 0;
  let held = false;
  for (const row of rows) {
    if (row.effect === "reduces" || row.effect === "reduces_and_holds") reductions += row.amount;
    if (row.effect === "holds" || row.effect === "reduces_and_holds") held = true;
  }
  return { reductions, held };
}
