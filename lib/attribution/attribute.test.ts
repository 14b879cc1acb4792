import { describe, expect, it } from "vitest";
import { type AttributionInput, attribute as attributeLazy, isSelfReferral } from "./attribute";

type Values = Omit<AttributionInput, "customer" | "tracking" | "coupon" | "email"> & {
  customer?: { affiliateId: string; leadId?: string | null };
  tracking?: { affiliateId: string; leadId?: string | null };
  coupon?: { affiliateId: string; leadId?: string | null };
  email?: { affiliateId: string; leadId?: string | null; at: Date };
};

/** The candidates as found values; the lazy lookup is covered below. */
const attribute = ({ customer, tracking, coupon, email, ...rest }: Values) =>
  attributeLazy({
    ...rest,
    customer: async () => customer ?? null,
    tracking: async () => tracking ?? null,
    coupon: async () => coupon ?? null,
    email: async () => email ?? null,
  });

const now = new Date("2026-11-26T12:00:00Z");
const base = { precedence: "tracking_first" as const, windowDays: 60, now };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("attribution", () => {
  it("prefers tracking, then coupon, then email by default", async () => {
    const tracking = { affiliateId: "aff_t", leadId: "lead_t" };
    const coupon = { affiliateId: "aff_c" };
    const email = { affiliateId: "aff_e", leadId: "lead_e", at: daysAgo(1) };
    expect(await attribute({ ...base, tracking, coupon, email })).toEqual({
      ...tracking,
      method: "tracking",
    });
    expect(await attribute({ ...base, coupon, email })).toEqual({
      affiliateId: "aff_c",
      leadId: null,
      method: "coupon",
    });
    expect(await attribute({ ...base, email })).toEqual({
      affiliateId: "aff_e",
      leadId: "lead_e",
      method: "email",
    });
    expect(await attribute(base)).toBeNull();
  });

  it("puts the coupon first when the merchant chooses so", async () => {
    const result = await attribute({
      ...base,
      precedence: "coupon_first",
      tracking: { affiliateId: "aff_t" },
      coupon: { affiliateId: "aff_c" },
    });
    expect(result).toMatchObject({ affiliateId: "aff_c", method: "coupon" });
  });

  it("keeps the customer's first attribution for later sales", async () => {
    const result = await attribute({
      ...base,
      customer: { affiliateId: "aff_first", leadId: "lead_1" },
      tracking: { affiliateId: "aff_new" },
    });
    expect(result).toEqual({ affiliateId: "aff_first", leadId: "lead_1", method: "customer" });
  });

  it("matches leads by email only inside the window", async () => {
    expect(await attribute({ ...base, email: { affiliateId: "a", at: daysAgo(60) } })).not.toBeNull();
    expect(await attribute({ ...base, email: { affiliateId: "a", at: daysAgo(61) } })).toBeNull();
    expect(
      await attribute({ ...base, windowDays: 7, email: { affiliateId: "a", at: daysAgo(8) } }),
    ).toBeNull();
  });

  it("asks a source only when every source before it found nothing", async () => {
    const asked: string[] = [];
    const source = (name: string, found: boolean) => async () => {
      asked.push(name);
      return found ? { affiliateId: `aff_${name}` } : null;
    };
    const result = await attributeLazy({
      ...base,
      customer: source("customer", false),
      tracking: source("tracking", true),
      coupon: source("coupon", true),
      email: async () => {
        asked.push("email");
        return null;
      },
    });
    expect(result).toMatchObject({ affiliateId: "aff_tracking", method: "tracking" });
    expect(asked).toEqual(["customer", "tracking"]);
  });

  it("flags self-referrals regardless of case and spacing", async () => {
    expect(isSelfReferral(" Maya@Example.com", "maya@example.com")).toBe(true);
    expect(isSelfReferral("buyer@example.com", "maya@example.com")).toBe(false);
    expect(isSelfReferral(null, "maya@example.com")).toBe(false);
  });
});
