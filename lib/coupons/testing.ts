import type { Database } from "@/db";
import { affiliates } from "@/db/schema";
import { newId } from "@/lib/ids";
import type { JobDeps } from "@/lib/jobs/types";
import { unpaced } from "@/lib/stripe/pacing";
import type { StripeTestbed } from "@/lib/stripe/testing";
import type { PromotionCode, StripeSimulator } from "@/stripe-simulator";

/** Test support for coupon sync: affiliates in bulk, job deps on the testbed, Stripe's side in plain terms. */

export function testJobDeps(bed: Pick<StripeTestbed, "stripe">): JobDeps {
  return { stripe: () => bed.stripe, pacer: unpaced };
}

/** Affiliates with coupon codes, inserted in one statement; returns their ids in order. */
export async function insertCouponAffiliates(
  db: Database,
  merchantId: string,
  codes: (string | null)[],
  prefix = newId("aff").slice(-6).toLowerCase(),
): Promise<string[]> {
  const rows = codes.map((couponCode, i) => ({
    id: newId("aff"),
    merchantId,
    email: `${prefix}-${i}@example.com`,
    code: `${prefix}-${i}`,
    firstName: `Affiliate ${i}`,
    couponCode,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(affiliates).values(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}

export function promotionCodesOf(sim: StripeSimulator, account: string): PromotionCode[] {
  return [...(sim.state.accounts.get(account)?.promotionCodes.values() ?? [])];
}

/** Active promotion codes by code (lower case): more than one for a code would be a duplicate. */
export function activeByCode(sim: StripeSimulator, account: string): Map<string, PromotionCode[]> {
  const out = new Map<string, PromotionCode[]>();
  for (const p of promotionCodesOf(sim, account)) {
    if (!p.active) continue;
    const key = p.code.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}

/** Promotion codes Stripe actually created (not replays, not refusals) for this account. */
export function promotionCodesCreated(sim: StripeSimulator, account: string): number {
  return sim.state.requests.filter(
    (r) =>
      r.account === account &&
      r.method === "POST" &&
      r.path === "/v1/promotion_codes" &&
      r.status === 200 &&
      r.note !== "replayed",
  ).length;
}
