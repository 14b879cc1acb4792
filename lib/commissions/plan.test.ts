import { describe, expect, it } from "vitest";
import { addMonths, commissionFor, earnsCommission, effectivePlan, mulDivHalfUp } from "./plan";

const merchant = {
  commissionType: "percent" as const,
  commissionRateBps: 2000,
  commissionFlatAmounts: {},
  commissionRecurrence: "every" as const,
  commissionRecurrenceMonths: null,
  commissionHoldDays: 30,
};

describe("commission plan", () => {
  it("defaults to the merchant's plan and takes the affiliate's overrides field by field", () => {
    expect(effectivePlan(merchant)).toEqual({
      type: "percent",
      rateBps: 2000,
      flatAmounts: {},
      recurrence: "every",
      recurrenceMonths: null,
      holdDays: 30,
    });
    expect(effectivePlan(merchant, { commissionRateBps: 3000, commissionHoldDays: null })).toMatchObject({
      rateBps: 3000,
      holdDays: 30,
    });
  });

  it("pays a flat amount per currency; an affiliate's amounts replace the program's as a whole", () => {
    const program = {
      ...merchant,
      commissionType: "flat" as const,
      commissionFlatAmounts: { usd: 1000, JPY: 1500 },
    };
    const plan = effectivePlan(program);
    expect(plan.flatAmounts).toEqual({ usd: 1000, jpy: 1500 });
    expect(commissionFor(plan, 4000, "usd")).toEqual({ amount: 1000, rateBps: null, note: null });
    expect(commissionFor(plan, 4000, "JPY").amount).toBe(1500);
    expect(commissionFor(plan, 4000, "eur").note).toBe("The commission plan has no flat amount in EUR");

    const own = effectivePlan(program, { commissionFlatAmounts: { eur: 800 } });
    expect(own.flatAmounts).toEqual({ eur: 800 });
    expect(commissionFor(own, 4000, "eur").amount).toBe(800);
    // Not the program's dollar amount: the affiliate's plan names no USD.
    expect(commissionFor(own, 4000, "usd")).toMatchObject({
      amount: 0,
      note: expect.stringContaining("USD"),
    });

    // An affiliate without amounts of their own follows the program's, whatever else they override.
    expect(
      effectivePlan(program, { commissionFlatAmounts: null, commissionHoldDays: 7 }).flatAmounts,
    ).toEqual({
      usd: 1000,
      jpy: 1500,
    });
    // Keys inherited from Object are no currency.
    expect(commissionFor(plan, 4000, "constructor").amount).toBe(0);
  });

  it("rounds half-up once, in integers", () => {
    expect(commissionFor(effectivePlan(merchant), 2400, "usd").amount).toBe(480);
    expect(commissionFor(effectivePlan(merchant), 2, "usd").amount).toBe(0); // 0.4 → 0
    expect(commissionFor(effectivePlan(merchant), 3, "usd").amount).toBe(1); // 0.6 → 1
    expect(mulDivHalfUp(5, 1, 2)).toBe(3); // 2.5 → 3
    expect(mulDivHalfUp(-5, 1, 2)).toBe(-3); // symmetric for clawbacks
    expect(commissionFor({ ...effectivePlan(merchant), rateBps: 1250 }, 999, "usd").amount).toBe(125); // 124.875
    expect(commissionFor(effectivePlan(merchant), Number.MAX_SAFE_INTEGER, "usd").amount).toBe(
      1801439850948198,
    ); // no float drift
  });

  it("pays flat amounts and nothing on free or negative payments", () => {
    const flat = { ...effectivePlan(merchant), type: "flat" as const, flatAmounts: { usd: 1500 } };
    expect(commissionFor(flat, 4000, "usd").amount).toBe(1500);
    expect(commissionFor(flat, 4000, "jpy")).toEqual({
      amount: 0,
      rateBps: null,
      note: "The commission plan has no flat amount in JPY",
    });
    expect(commissionFor(effectivePlan(merchant), 0, "usd").amount).toBe(0);
  });

  it("follows the recurrence: first only, every payment, or N months", () => {
    const first = new Date("2026-01-31T00:00:00Z");
    const plan = effectivePlan(merchant);
    expect(
      earnsCommission(
        { ...plan, recurrence: "first" },
        { priorPayments: 0, firstPaymentAt: null, paidAt: first },
      ),
    ).toBe(true);
    expect(
      earnsCommission(
        { ...plan, recurrence: "first" },
        { priorPayments: 1, firstPaymentAt: first, paidAt: first },
      ),
    ).toBe(false);
    const months = { ...plan, recurrence: "months" as const, recurrenceMonths: 3 };
    expect(
      earnsCommission(months, {
        priorPayments: 2,
        firstPaymentAt: first,
        paidAt: new Date("2026-04-29T00:00:00Z"),
      }),
    ).toBe(true);
    expect(
      earnsCommission(months, {
        priorPayments: 3,
        firstPaymentAt: first,
        paidAt: new Date("2026-04-30T00:00:00Z"),
      }),
    ).toBe(false);
  });

  it("adds calendar months, clamping to the month's last day", () => {
    expect(addMonths(new Date("2026-01-31T12:00:00Z"), 1).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(addMonths(new Date("2026-11-15T00:00:00Z"), 2).toISOString()).toBe("2027-01-15T00:00:00.000Z");
  });
});
