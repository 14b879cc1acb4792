import { describe, expect, it } from "vitest";
import { commissionPlanSchema, programPlanSchema } from "./plan-settings";

const valid = {
  type: "percent",
  rateBps: 2500,
  flatAmount: null,
  recurrence: "every",
  recurrenceMonths: null,
  holdDays: 30,
};

describe("commission plan input", () => {
  it("accepts a percent plan and a flat plan for N months", () => {
    expect(commissionPlanSchema.parse(valid)).toMatchObject({ rateBps: 2500 });
    expect(
      commissionPlanSchema.parse({
        ...valid,
        type: "flat",
        flatAmount: 1500,
        recurrence: "months",
        recurrenceMonths: 6,
      }),
    ).toMatchObject({ flatAmount: 1500, recurrenceMonths: 6 });
  });

  it("refuses rates over 100%, fractional cents, missing flat amounts and months", () => {
    const issue = (input: object) =>
      commissionPlanSchema.safeParse({ ...valid, ...input }).error?.issues[0]?.message;
    expect(issue({ rateBps: 10_001 })).toBe("Rate must be between 0% and 100%");
    expect(issue({ type: "flat", flatAmount: 10.5 })).toBe("Flat amount must be in minor units (cents)");
    expect(issue({ type: "flat", flatAmount: null })).toBe("Enter the flat amount");
    expect(issue({ recurrence: "months" })).toBe("Enter the number of months");
    expect(issue({ holdDays: 400 })).toBe("Hold must be 0 to 365 days");
  });

  it("names the store's currency for the program's plan, as an ISO code", () => {
    expect(programPlanSchema.parse({ ...valid, currency: " JPY " })).toMatchObject({ currency: "jpy" });
    for (const currency of ["dollars", "xyz", ""]) {
      expect(programPlanSchema.safeParse({ ...valid, currency }).error?.issues[0]?.message).toBe(
        "Enter a currency code, such as USD or EUR",
      );
    }
  });
});
