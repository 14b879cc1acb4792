import { describe, expect, it } from "vitest";
import { describePlan } from "./describe";

const base = {
  type: "percent" as const,
  rateBps: 2000,
  flatAmounts: {},
  recurrence: "every" as const,
  recurrenceMonths: null,
  holdDays: 30,
};

describe("describePlan", () => {
  it("states the rate, the recurrence and the hold", () => {
    expect(describePlan(base, "usd")).toEqual({
      rate: "20%",
      terms: [
        "20% of every payment, for as long as the customer pays",
        "Commissions are confirmed 30 days after the sale, once refunds are unlikely.",
      ],
    });
    expect(
      describePlan({ ...base, rateBps: 1250, recurrence: "months", recurrenceMonths: 12, holdDays: 0 }, null)
        .terms,
    ).toEqual([
      "12.5% of every payment for 12 months",
      "Commissions are confirmed as soon as the sale is paid.",
    ]);
    expect(
      describePlan({ ...base, type: "flat", flatAmounts: { usd: 1500 }, recurrence: "first" }, "usd").terms,
    ).toEqual([
      "$15.00 for each customer's first purchase",
      "Commissions are confirmed 30 days after the sale, once refunds are unlikely.",
      "Sales in currencies other than USD earn no commission.",
    ]);
  });

  it("lists each currency of a flat plan, the store's first, in its own decimals", () => {
    const flat = { ...base, type: "flat" as const, flatAmounts: { eur: 900, jpy: 1000, usd: 1000 } };
    expect(describePlan(flat, "usd").rate).toBe("$10.00 or €9.00 or ¥1,000");
    expect(describePlan(flat, "jpy").rate).toBe("¥1,000 or €9.00 or $10.00");
    expect(describePlan({ ...flat, flatAmounts: { usd: 1000, jpy: 1000 } }, "usd").terms).toEqual([
      "$10.00 or ¥1,000 per payment, for as long as the customer pays",
      "Commissions are confirmed 30 days after the sale, once refunds are unlikely.",
      "Sales in other currencies earn no commission.",
    ]);
    expect(
      describePlan({ ...flat, flatAmounts: { usd: 250 }, recurrence: "months", recurrenceMonths: 1 }, null)
        .terms[0],
    ).toBe("$2.50 per payment for 1 month");
  });
});
