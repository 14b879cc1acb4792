import { describe, expect, it } from "vitest";
import { creditedAffiliate, isWithinWindow, mergeLeadBinding, nextVisitorCredit } from "./model";

const now = new Date("2026-11-26T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const first = { model: "first_touch" as const, windowDays: 60 };
const last = { model: "last_touch" as const, windowDays: 60 };

describe("visitor credit", () => {
  it("a visit without a referral code changes nothing", () => {
    const credit = { affiliateId: "aff_a", affiliateAt: daysAgo(3) };
    expect(nextVisitorCredit(credit, null, now, first)).toEqual(credit);
    expect(nextVisitorCredit(null, null, now, last)).toEqual({ affiliateId: null, affiliateAt: null });
  });

  it("the first referral credits a new visitor under either model", () => {
    for (const settings of [first, last]) {
      expect(nextVisitorCredit(null, "aff_a", now, settings)).toEqual({
        affiliateId: "aff_a",
        affiliateAt: now,
      });
    }
  });

  it("first touch keeps the earlier affiliate inside the window, and lets go after it", () => {
    const credit = { affiliateId: "aff_a", affiliateAt: daysAgo(59) };
    expect(nextVisitorCredit(credit, "aff_b", now, first)).toEqual(credit);
    const expired = { affiliateId: "aff_a", affiliateAt: daysAgo(61) };
    expect(nextVisitorCredit(expired, "aff_b", now, first)).toEqual({
      affiliateId: "aff_b",
      affiliateAt: now,
    });
  });

  it("first touch restarts the window when the same affiliate refers again", () => {
    const credit = { affiliateId: "aff_a", affiliateAt: daysAgo(30) };
    expect(nextVisitorCredit(credit, "aff_a", now, first)).toEqual({
      affiliateId: "aff_a",
      affiliateAt: now,
    });
  });

  it("last touch moves to the newest referral", () => {
    const credit = { affiliateId: "aff_a", affiliateAt: daysAgo(1) };
    expect(nextVisitorCredit(credit, "aff_b", now, last)).toEqual({ affiliateId: "aff_b", affiliateAt: now });
  });

  it("the window is inclusive of its last day and honours the merchant's length", () => {
    expect(isWithinWindow(daysAgo(60), now, 60)).toBe(true);
    expect(isWithinWindow(new Date(daysAgo(60).getTime() - 1), now, 60)).toBe(false);
    expect(isWithinWindow(daysAgo(8), now, 7)).toBe(false);
  });
});

describe("lead binding", () => {
  it("credits the visitor's affiliate only inside the window", () => {
    expect(creditedAffiliate({ affiliateId: "aff_a", affiliateAt: daysAgo(10) }, now, 60)).toBe("aff_a");
    expect(creditedAffiliate({ affiliateId: "aff_a", affiliateAt: daysAgo(10) }, now, 7)).toBeNull();
    expect(creditedAffiliate({ affiliateId: null, affiliateAt: null }, now, 60)).toBeNull();
    expect(creditedAffiliate(null, now, 60)).toBeNull();
  });

  const existing = { visitorId: "v1", affiliateId: "aff_a" };
  const incoming = { visitorId: "v2", affiliateId: "aff_b" };

  it("first touch keeps the existing affiliate and its visitor", () => {
    expect(mergeLeadBinding(existing, incoming, "first_touch")).toEqual(existing);
  });

  it("first touch fills a lead that had no affiliate, with the visitor that brought it", () => {
    expect(mergeLeadBinding({ visitorId: "v1", affiliateId: null }, incoming, "first_touch")).toEqual(
      incoming,
    );
    expect(
      mergeLeadBinding(
        { visitorId: null, affiliateId: null },
        { visitorId: "v2", affiliateId: null },
        "first_touch",
      ),
    ).toEqual({ visitorId: "v2", affiliateId: null });
  });

  it("last touch takes a newer referral but never drops an affiliate for none", () => {
    expect(mergeLeadBinding(existing, incoming, "last_touch")).toEqual(incoming);
    expect(mergeLeadBinding(existing, { visitorId: "v3", affiliateId: null }, "last_touch")).toEqual(
      existing,
    );
  });
});
