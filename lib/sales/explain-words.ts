import type { Commission, SaleAdjustment } from "@/db/schema";

/** The ledger's states in the merchant's words, for a purchase's explanation. */

export const ADJUSTMENT_KIND: Record<SaleAdjustment["kind"], string> = {
  refund: "Refund",
  dispute: "Dispute",
  credit_note: "Credit note",
};

/** What an adjustment does to the commission now, in the merchant's words. */
export function effectText(a: Pick<SaleAdjustment, "kind" | "status" | "effect">): string {
  switch (a.effect) {
    case "reduces":
      return "reduces the base";
    case "holds":
      return "holds the commission";
    case "reduces_and_holds":
      return "reduces the base and holds the commission";
    case "none":
      return `nothing (${NOTHING_BECAUSE[a.status] ?? a.status.replaceAll("_", " ")})`;
  }
}

const NOTHING_BECAUSE: Record<string, string> = {
  failed: "failed",
  canceled: "canceled",
  won: "won",
  warning_closed: "inquiry closed",
  prevented: "prevented",
  void: "void",
};

const HOLD: Record<NonNullable<Commission["holdReason"]>, string> = {
  dispute: "a dispute is open",
  awaiting_payment: "the billing period is not paid yet",
  review: "the merchant is reviewing it",
};

/** A commission's status and its reason in words. */
export function commissionStatusText(c: Pick<Commission, "status" | "holdReason" | "cancelReason">): string {
  switch (c.status) {
    case "pending":
      return "Pending (in its hold period)";
    case "due":
      return "Due";
    case "paid":
      return "Paid";
    case "on_hold":
      return c.holdReason ? `On hold: ${HOLD[c.holdReason]}` : "On hold";
    case "cancelled":
      return c.cancelReason === "merchant"
        ? "Cancelled by the merchant"
        : c.cancelReason === "ledger"
          ? "Cancelled: nothing left to earn"
          : "Cancelled";
  }
}
