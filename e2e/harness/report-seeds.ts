import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { findUserByEmail, membershipsForUser } from "@/db/queries/merchants";
import { foldReports } from "@/db/queries/reports";
import { affiliates } from "@/db/schema";
import { seedActivity } from "@/db/seed-activity";

/**
 * Control-port routes (test harness only) for the dashboard and portal suites: made-up activity
 * for a merchant (optionally all for one affiliate), and a coupon code set directly on an affiliate.
 */
export function reportSeedRoutes(): Record<string, (body: Record<string, string>) => Promise<unknown>> {
  const merchantOf = async (email: string) => {
    const db = await getDb();
    const user = await findUserByEmail(db, email);
    const [membership] = user ? await membershipsForUser(db, user.id) : [];
    if (!membership) throw new Error("unknown merchant");
    return membership.merchantId;
  };
  return {
    async "/activity"(body) {
      const db = await getDb();
      const merchantId = await merchantOf(body.merchantEmail ?? "");
      const count = (key: string, fallback: number) => Math.min(Number(body[key] ?? fallback), 200_000);
      await seedActivity(db, {
        merchantId,
        affiliates: count("affiliates", 12),
        visits: count("visits", 3_000),
        leads: count("leads", 300),
        purchases: count("purchases", 60),
        days: count("days", 90),
        testShare: Number(body.testShare ?? 0.1),
        affiliateId: body.affiliateId,
        attributedShare: body.affiliateId ? 1 : undefined,
        batch: body.batch,
      });
      await foldReports(db, merchantId);
      return { merchantId };
    },
    async "/affiliates/coupon-code"(body) {
      const db = await getDb();
      const merchantId = await merchantOf(body.merchantEmail ?? "");
      const [row] = await db
        .update(affiliates)
        .set({ couponCode: body.couponCode ?? null })
        .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, body.affiliateId ?? "")))
        .returning({ id: affiliates.id });
      if (!row) throw new Error("unknown affiliate");
      return row;
    },
  };
}
