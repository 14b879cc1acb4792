import { describe, expect, it } from "vitest";
import type { SubscriptionDiscount } from "@/db/schema";
import { mergeDiscounts, periodAmount } from "./stripe-facts";

const day = 86_400;
const t0 = 1_800_000_000; // the subscription's start, in seconds
const at = (days: number) => new Date((t0 + days * day) * 1000);
/** Monthly-ish periods: starts at day 0, 30, 60, 90. */
const periods = [0, 30, 60, 90].map((d, i, all) => ({
  start: at(d),
  previousStart: i === 0 ? null : at(all[i - 1]!),
}));
const discount = (patch: Partial<SubscriptionDiscount>): SubscriptionDiscount => ({
  id: "di_1",
  percentOff: null,
  amountOff: null,
  currency: null,
  duration: "forever",
  start: t0,
  end: null,
  ...patch,
});
const charged = (discounts: SubscriptionDiscount[], amount = 3000, currency = "usd") =>
  periods.map((p) => periodAmount(amount, currency, discounts, p));

describe("periodAmount: what each billing period is charged", () => {
  it("nets a forever discount from every period, and nothing without one", () => {
    expect(charged([])).toEqual([3000, 3000, 3000, 3000]);
    expect(charged([discount({ percentOff: 20 })])).toEqual([2400, 2400, 2400, 2400]);
  });

  it("applies a once discount to the period it was applied in only", () => {
    expect(charged([discount({ percentOff: 50, duration: "once" })])).toEqual([1500, 3000, 3000, 3000]);
    // Applied mid-life (day 45): the next period to start, day 60, is the one discounted.
    const later = discount({ amountOff: 1000, currency: "usd", duration: "once", start: t0 + 45 * day });
    expect(charged([later])).toEqual([3000, 3000, 2000, 3000]);
  });

  it("applies a repeating discount until its end", () => {
    const twoMonths = discount({ percentOff: 10, duration: "repeating", end: t0 + 59 * day });
    expect(charged([twoMonths])).toEqual([2700, 2700, 3000, 3000]);
  });

  it("rounds half up in minor units and never goes below zero", () => {
    expect(periodAmount(999, "usd", [discount({ percentOff: 12.5 })], periods[0]!)).toBe(874);
    expect(periodAmount(3000, "usd", [discount({ percentOff: 100 })], periods[0]!)).toBe(0);
    expect(periodAmount(500, "usd", [discount({ amountOff: 800, currency: "usd" })], periods[0]!)).toBe(0);
  });

  it("ignores an amount off in another currency", () => {
    expect(charged([discount({ amountOff: 500, currency: "eur" })])).toEqual([3000, 3000, 3000, 3000]);
  });
});

describe("mergeDiscounts: what a dates-tracked subscription keeps", () => {
  const now = t0 + 100 * day;
  it("keeps a discount Stripe no longer lists, ended by now at the latest", () => {
    const forever = discount({ id: "di_forever", percentOff: 20 });
    const repeating = discount({ id: "di_rep", percentOff: 10, duration: "repeating", end: t0 + 59 * day });
    const merged = mergeDiscounts([forever, repeating], [], now);
    expect(merged).toEqual([
      { ...forever, end: now },
      { ...repeating, end: t0 + 59 * day },
    ]);
    // Periods charged while it was on keep it; later ones do not.
    expect(charged(merged)).toEqual([2100, 2100, 2400, 2400]);
    expect(periodAmount(3000, "usd", merged, { start: at(120), previousStart: at(90) })).toBe(3000);
  });

  it("keeps a used once discount on the period it was applied in", () => {
    const once = discount({ id: "di_once", percentOff: 100, duration: "once" });
    expect(charged(mergeDiscounts([once], [], t0))).toEqual([0, 3000, 3000, 3000]);
  });

  it("takes Stripe's current discounts as they are", () => {
    const current = [discount({ id: "di_new", percentOff: 50, start: t0 + 40 * day })];
    expect(mergeDiscounts([], current, now)).toEqual(current);
    expect(mergeDiscounts(current, current, now)).toEqual(current);
  });
});
