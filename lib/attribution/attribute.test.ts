import { describe, expect, it } from "vitest";
import { attribute, isSelfReferral } from "./attribute";

const now = new Date("2026-11-26T12:00:00Z");
const base = { precedence: "tracking_first" as const, windowDays: 60, now };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("attribution", () => {
  it("prefers tracking, then coupon, then email by default", () => {
    const tracking = { affiliateId: "aff_t", leadId: "lead_t" };
    const coupon = { affiliateId: "aff_c" };
    const email = { affiliateId: "aff_e", leadId: "lead_e", at: daysAgo(1) };
    expect(attribute({ ...base, tracking, coupon, email })).toEqual({ ...tracking, method: "tracking" });
    expect(attribute({ ...base, coupon, email })).toEqual({
      affiliateId: "aff_c",
      leadId: null,
      method: "coupon",
    });
    expect(attribute({ ...base, email })).toEqual({
      affiliateId: "aff_e",
      leadId: "lead_e",
      method: "email",
    });
    expect(attribute(base)).toBeNull();
  });

  it("puts the coupon first when the merchant chooses so", () => {
    const result = attribute({
      ...base,
      precedence: "coupon_first",
      tracking: { affiliateId: "aff_t" },
      coupon: { affiliateId: "aff_c" },
    });
    expect(result).toMatchObject({ affiliateId: "aff_c", method: "coupon" });
  });

  it("keeps the customer's first attribution for later sales", () => {
    const result = attribute({
      ...base,
      customer: { affiliateId: "aff_first", leadId: "lead_1" },
      tracking: { affiliateId: "aff_new" },
    });
    expect(result).toEqual({ affiliateId: "aff_first", leadId: "lead_1", method: "customer" });
  });

  it("matches leads by email only inside the window", () => {
    expect(attribute({ ...base, email: { affiliateId: "a", at: daysAgo(60) } })).not.toBeNull();
    expect(attribute({ ...base, email: { affiliateId: "a", at: daysAgo(61) } })).toBeNull();
    expect(attribute({ ...base, windowDays: 7, email: { affiliateId: "a", at: daysAgo(8) } })).toBeNull();
  });

  it("flags self-referrals regardless of case and spacing", () => {
    expect(isSelfReferral(" Maya@Example.com", "maya@example.com")).toBe(true);
    expect(isSelfReferral("buyer@example.com", "maya@example.com")).toBe(false);
    expect(isSelfReferral(null, "maya@example.com")).toBe(false);
  });
});
