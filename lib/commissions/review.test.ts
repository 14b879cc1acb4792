import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { promoteDueCommissions } from "@/db/queries/commissions";
import { getMerchant } from "@/db/queries/merchants";
import { listHeldForReview } from "@/db/queries/review";
import { auditLog, commissions, purchases } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { createSaleCommission } from "./recording";
import { decideReview } from "./review";

let handle: DbHandle;
let merchantId: string;
let affiliateId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  merchantId = (await createTestMerchant(handle.db)).id;
  affiliateId = (await createTestAffiliate(handle.db, merchantId, "sam", { status: "active" })).id;
});
afterAll(async () => handle?.close());

async function sale(email: string) {
  const [purchase] = await handle.db
    .insert(purchases)
    .values({
      id: newId("pur"),
      merchantId,
      stripeId: `ch_${newId("pur")}`,
      source: "charge",
      affiliateId,
      email,
      amount: 10_000,
      currency: "usd",
      status: "completed",
      livemode: false,
    })
    .returning();
  const merchant = (await getMerchant(handle.db, merchantId))!;
  return (await createSaleCommission(handle.db, merchant, purchase!))!;
}

const statusOf = async (id: string) =>
  (await handle.db.select().from(commissions).where(eq(commissions.id, id)))[0]!;

describe("fraud review", () => {
  it("holds a sale to a disposable email for review, approved into the normal hold, then due", async () => {
    const held = await sale("buyer@mailinator.com");
    expect(held).toMatchObject({ status: "on_hold", holdReason: "review" });
    expect(held.reviewReason).toMatch(/disposable email provider/);
    const list = await listHeldForReview(handle.db, merchantId);
    expect(list.map((c) => [c.id, c.reviewReason])).toEqual([[held.id, held.reviewReason]]);

    await decideReview(handle.db, {
      merchantId,
      userId: "usr_1",
      commissionId: held.id,
      decision: "approve",
    });
    expect(await statusOf(held.id)).toMatchObject({ status: "pending", holdReason: null });
    await promoteDueCommissions(handle.db, new Date(Date.now() + 400 * 86_400_000), merchantId);
    expect((await statusOf(held.id)).status).toBe("due");
    await expect(
      decideReview(handle.db, { merchantId, userId: "usr_1", commissionId: held.id, decision: "reject" }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("a rejected commission is cancelled by the merchant, and both decisions are audit-logged", async () => {
    const held = await sale("other@mailinator.com");
    await decideReview(handle.db, { merchantId, userId: "usr_1", commissionId: held.id, decision: "reject" });
    expect(await statusOf(held.id)).toMatchObject({ status: "cancelled", cancelReason: "merchant" });
    const audit = await handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, merchantId)));
    expect(audit.map((a) => a.action)).toEqual(["commission.review_approve", "commission.review_reject"]);
  });

  it("an ordinary email earns as usual", async () => {
    const normal = await sale("buyer@gmail.com");
    expect(normal.holdReason).toBeNull();
    expect(normal.reviewReason).toBeNull();
  });
});

describe("many leads from one address", () => {
  it("hold the sale of one of them for review", async () => {
    const { leads } = await import("@/db/schema");
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const [lead] = await handle.db
        .insert(leads)
        .values({ id: newId("lead"), merchantId, email: `farm${i}@example.com`, ipHash: "same-address-hash" })
        .returning();
      ids.push(lead!.id);
    }
    const [purchase] = await handle.db
      .insert(purchases)
      .values({
        id: newId("pur"),
        merchantId,
        stripeId: `ch_${newId("pur")}`,
        source: "charge",
        affiliateId,
        leadId: ids[0]!,
        email: "farm0@example.com",
        amount: 5_000,
        currency: "usd",
        status: "completed",
        livemode: false,
      })
      .returning();
    const merchant = (await getMerchant(handle.db, merchantId))!;
    const held = (await createSaleCommission(handle.db, merchant, purchase!))!;
    expect(held).toMatchObject({ status: "on_hold", holdReason: "review" });
    expect(held.reviewReason).toBe(
      "22 different leads were recorded from the customer's network address (more than 20).",
    );
  });
});
