import { formatMoney } from "@/lib/format";
import { flatAmountCurrencies } from "./flat-amounts";
import type { CommissionPlan } from "./plan";

/**
 * A plan in words, for affiliates and merchants: "20% of every payment", "$15.00 or ¥1,500 on the
 * first purchase", … A flat plan names each currency it pays in, the store's currency first.
 */
export function describePlan(
  plan: CommissionPlan,
  storeCurrency: string | null,
): { rate: string; terms: string[] } {
  const flat = plan.type === "flat";
  const currencies = flat ? flatAmountCurrencies(plan.flatAmounts, storeCurrency) : [];
  const rate = flat
    ? currencies.map((c) => formatMoney(plan.flatAmounts[c] ?? 0, c)).join(" or ") || "No flat amount set"
    : `${trimZeros(plan.rateBps / 100)}%`;
  const every = flat ? `${rate} per payment` : `${rate} of every payment`;
  const recurrence =
    plan.recurrence === "first"
      ? `${rate} ${flat ? "for" : "of"} each customer's first purchase`
      : plan.recurrence === "every"
        ? `${every}, for as long as the customer pays`
        : `${every} for ${plan.recurrenceMonths ?? 0} month${plan.recurrenceMonths === 1 ? "" : "s"}`;
  const hold =
    plan.holdDays > 0
      ? `Commissions are confirmed ${plan.holdDays} day${plan.holdDays === 1 ? "" : "s"} after the sale, once refunds are unlikely.`
      : "Commissions are confirmed as soon as the sale is paid.";
  const otherCurrencies =
    flat && currencies.length > 0
      ? [
          currencies.length === 1
            ? `Sales in currencies other than ${currencies[0]!.toUpperCase()} earn no commission.`
            : "Sales in other currencies earn no commission.",
        ]
      : [];
  return { rate, terms: [recurrence, hold, ...otherCurrencies] };
}

function trimZeros(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}
