import { describe, expect, it } from "vitest";
import { describePlan } from "./describe";

const base = {
  type: "percent" as const,
  rateBps: 2000,
  flatAmount: null,
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
      describePlan({ ...base, type: "flat", flatAmount: 1500, recurrence: "first" }, "usd").terms[0],
    ).toBe("$15.00 for each customer's first purchase");
  });
});
