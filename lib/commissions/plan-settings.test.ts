import { describe, expect, it } from "vitest";
import { commissionPlanSchema, programPlanSchema } from "./plan-settings";

const valid = {
  type: "percent",
  rateBps: 2500,
  recurrence: "every",
  recurrenceMonths: null,
  holdDays: 30,
};

const issue = (input: object) =>
  commissionPlanSchema.safeParse({ ...valid, ...input }).error?.issues[0]?.message;
const flat = (...rows: { currency: string; amount: string | number }[]) => ({
  type: "flat",
  flatAmounts: rows,
});

describe("commission plan input", () => {
  it("accepts a percent plan and a flat plan for N months", () => {
    expect(commissionPlanSchema.parse(valid)).toMatchObject({ rateBps: 2500, flatAmounts: {} });
    expect(
      commissionPlanSchema.parse({
        ...valid,
        ...flat({ currency: "usd", amount: "15" }),
        recurrence: "months",
        recurrenceMonths: 6,
      }),
    ).toMatchObject({ flatAmounts: { usd: 1500 }, recurrenceMonths: 6 });
  });

  it("refuses rates over 100%, missing flat amounts and months", () => {
    expect(issue({ rateBps: 10_001 })).toBe("Rate must be between 0% and 100%");
    expect(issue({ type: "flat" })).toBe("Enter a flat amount in at least one currency");
    expect(issue(flat())).toBe("Enter a flat amount in at least one currency");
    expect(issue({ recurrence: "months" })).toBe("Enter the number of months");
    expect(issue({ holdDays: 400 })).toBe("Hold must be 0 to 365 days");
  });

  it("takes flat amounts per currency, typed in the main unit and stored by each currency's decimals", () => {
    const parsed = commissionPlanSchema.parse({
      ...valid,
      ...flat(
        { currency: " USD ", amount: "10.50" },
        { currency: "jpy", amount: "1500" },
        { currency: "KWD", amount: 2.125 },
        { currency: "eur", amount: "9.90" },
      ),
    });
    expect(parsed.flatAmounts).toEqual({ usd: 1050, jpy: 1500, kwd: 2125, eur: 990 });
    // Trailing zeros are no extra precision.
    expect(
      commissionPlanSchema.parse({ ...valid, ...flat({ currency: "jpy", amount: "1000.00" }) }).flatAmounts,
    ).toEqual({ jpy: 1000 });
  });

  it("refuses unknown currencies, a currency twice, and amounts finer than the currency allows", () => {
    expect(issue(flat({ currency: "dollars", amount: "10" }))).toBe(
      "Enter a currency code, such as USD or EUR",
    );
    expect(issue(flat({ currency: "xyz", amount: "10" }))).toBe("Enter a currency code, such as USD or EUR");
    expect(issue(flat({ currency: "", amount: "10" }))).toBe("Enter a currency code, such as USD or EUR");
    expect(issue(flat({ currency: "usd", amount: "10" }, { currency: "USD", amount: "12" }))).toBe(
      "USD is listed twice: give each currency one flat amount",
    );
    expect(issue(flat({ currency: "jpy", amount: "10.5" }))).toBe(
      "JPY has no decimals: enter the flat amount in whole units",
    );
    expect(issue(flat({ currency: "usd", amount: "10.505" }))).toBe(
      "The flat amount in USD can have at most 2 decimals",
    );
    expect(issue(flat({ currency: "usd", amount: "" }))).toBe("Enter the flat amount in USD");
    expect(issue(flat({ currency: "usd", amount: "ten" }))).toBe(
      "The flat amount in USD must be a number, such as 10.50",
    );
    expect(issue(flat({ currency: "jpy", amount: "-5" }))).toBe(
      "The flat amount in JPY must be a number, such as 1000",
    );
    expect(issue(flat({ currency: "usd", amount: "0" }))).toBe(
      "The flat amount in USD must be more than zero",
    );
    expect(issue(flat({ currency: "usd", amount: "1000001" }))).toBe("The flat amount in USD is too large");
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
