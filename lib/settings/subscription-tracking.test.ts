import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { auditLog, merchants } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { setSubscriptionTracking } from "./subscription-tracking";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe("subscription tracking setting", () => {
  it("is on by default, and each change is audit-logged once with its before and after", async () => {
    const { merchant, user } = await signUpMerchant(handle.db, {
      name: "O",
      company: "S",
      email: "sub-setting@example.com",
      password: "long-password",
    });
    expect(merchant.trackSubscriptionsByTransaction).toBe(true);
    const change = (byTransaction: boolean) =>
      setSubscriptionTracking(handle.db, { merchantId: merchant.id, actorUserId: user.id, byTransaction });
    // Two identical changes at once: one changes it, the other finds nothing to do.
    const results = await Promise.all([change(false), change(false)]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(await change(true)).toEqual({ changed: true });
    const [row] = await handle.db.select().from(merchants).where(eq(merchants.id, merchant.id));
    expect(row!.trackSubscriptionsByTransaction).toBe(true);
    const log = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.merchantId, merchant.id))
      .orderBy(auditLog.id);
    expect(log.map((l) => [l.action, l.actorUserId, l.data])).toEqual([
      ["settings.subscription_tracking.changed", user.id, { from: "transactions", to: "start_end_dates" }],
      ["settings.subscription_tracking.changed", user.id, { from: "start_end_dates", to: "transactions" }],
    ]);
  });
});
