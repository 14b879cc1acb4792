import { formatMoney } from "@/lib/format";
import type { CommissionPlan } from "./plan";

/** A plan in words, for affiliates: "20% of every payment", "$15.00 on the first purchase", … */
export function describePlan(
  plan: CommissionPlan,
  currency: string | null,
): { rate: string; terms: string[] } {
  const rate =
    plan.type === "flat"
      ? currency
        ? formatMoney(plan.flatAmount ?? 0, currency)
        : `${((plan.flatAmount ?? 0) / 100).toFixed(2)} per payment`
      : `${trimZeros(plan.rateBps / 100)}%`;
  const what = plan.type === "flat" ? "per" : "of";
  const recurrence =
    plan.recurrence === "first"
      ? `${rate} ${plan.type === "flat" ? "for" : "of"} each customer's first purchase`
      : plan.recurrence === "every"
        ? `${rate} ${what} every payment, for as long as the customer pays`
        : `${rate} ${what} every payment for ${plan.recurrenceMonths ?? 0} month${plan.recurrenceMonths === 1 ? "" : "s"}`;
  const hold =
    plan.holdDays > 0
      ? `Commissions are confirmed ${plan.holdDays} day${plan.holdDays === 1 ? "" : "s"} after the sale, once refunds are unlikely.`
      : "Commissions are confirmed as soon as the sale is paid.";
  return { rate, terms: [recurrence, hold] };
}

function trimZeros(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}
