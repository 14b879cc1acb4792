import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { findActiveAffiliateIdByCode, getAffiliate } from "@/db/queries/affiliates";
import { jobs, merchants } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { AppError } from "@/lib/errors";
import { affiliateIdForCode } from "@/lib/tracking/lookups";
import { createTestMerchant } from "@/lib/tracking/testing";
import { commands } from "@/lib/wiring/commands";
import { createAffiliate } from "./create";
import { updateAffiliate } from "./update";

let handle: DbHandle;
let shop: Awaited<ReturnType<typeof createTestMerchant>>;
let other: Awaited<ReturnType<typeof createTestMerchant>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  shop = await createTestMerchant(handle.db);
  other = await createTestMerchant(handle.db);
});
afterAll(() => handle?.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let n = 0;
const newAffiliate = (merchantId = shop.id) => {
  n++;
  return createAffiliate(handle.db, merchantId, { email: `upd${n}@example.com`, code: `upd-${n}` });
};

describe("updating an affiliate", () => {
  it("changes only the fields given, trimmed and validated", async () => {
    const a = await newAffiliate();
    const updated = await updateAffiliate(handle.db, shop.id, a.id, {
      firstName: " Ada ",
      email: "ADA@Example.com",
      couponCode: " ADA-10 ",
    });
    expect(updated).toMatchObject({
      firstName: "Ada",
      lastName: "",
      email: "ada@example.com",
      code: a.code,
      couponCode: "ADA-10",
      status: "active",
      // No automatic sync for this merchant: the code waits for a re-sync.
      couponSyncStatus: "none",
    });
    expect(await updateAffiliate(handle.db, shop.id, a.id, {})).toMatchObject({ couponCode: "ADA-10" });
    expect(await updateAffiliate(handle.db, shop.id, a.id, { couponCode: null })).toMatchObject({
      couponCode: null,
    });
  });

  it("refuses coupon codes Stripe would refuse, unknown fields, and bad values with 400", async () => {
    const a = await newAffiliate();
    const cases: [unknown, string][] = [
      [
        { couponCode: "TEN_OFF" },
        "Coupon code may contain only letters, digits and dashes (-), as Stripe requires",
      ],
      [
        { couponCode: "ten off" },
        "Coupon code may contain only letters, digits and dashes (-), as Stripe requires",
      ],
      [{ couponCode: "X".repeat(51) }, "Coupon code must be at most 50 characters"],
      [{ status: "banned" }, "Status must be pending, active or inactive"],
      [{ email: "nope" }, "Enter a valid email address"],
      [{ code: "a b" }, "Referral code may contain only letters, digits, - and _"],
    ];
    for (const [input, message] of cases) {
      const e = await refusal(updateAffiliate(handle.db, shop.id, a.id, input));
      expect([e.status, e.message]).toEqual([400, message]);
    }
    const e = await refusal(updateAffiliate(handle.db, shop.id, a.id, { coupon_code: "X" }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/coupon_code/);
    expect(
      (await updateAffiliate(handle.db, shop.id, a.id, { couponCode: "X".repeat(50) })).couponCode,
    ).toHaveLength(50);
  });

  it("answers 404 for another merchant's affiliate and 409 for a code taken in the program", async () => {
    const mine = await newAffiliate();
    const theirs = await newAffiliate(other.id);
    expect((await refusal(updateAffiliate(handle.db, shop.id, theirs.id, { firstName: "X" }))).status).toBe(
      404,
    );
    expect((await getAffiliate(handle.db, other.id, theirs.id))!.firstName).toBe("");

    const taken = await newAffiliate();
    await updateAffiliate(handle.db, shop.id, taken.id, { couponCode: "SPRING" });
    const e = await refusal(updateAffiliate(handle.db, shop.id, mine.id, { couponCode: "spring" }));
    expect([e.status, e.code, e.message]).toEqual([
      409,
      "coupon_code_taken",
      'The coupon code "spring" is already in use by another affiliate (codes ignore case)',
    ]);
    // Another program may use it.
    await updateAffiliate(handle.db, other.id, theirs.id, { couponCode: "SPRING" });
    expect(
      (await refusal(updateAffiliate(handle.db, shop.id, mine.id, { code: taken.code.toUpperCase() }))).code,
    ).toBe("code_taken");
    expect((await refusal(updateAffiliate(handle.db, shop.id, mine.id, { email: taken.email }))).code).toBe(
      "email_taken",
    );
  });

  it("a changed referral code or status is seen by tracking at once", async () => {
    const a = await newAffiliate();
    expect(await affiliateIdForCode(handle.db, shop.id, a.code)).toBe(a.id);
    await updateAffiliate(handle.db, shop.id, a.id, { code: `${a.code}-new` });
    expect(await affiliateIdForCode(handle.db, shop.id, a.code)).toBeNull();
    expect(await affiliateIdForCode(handle.db, shop.id, `${a.code}-new`)).toBe(a.id);
    await updateAffiliate(handle.db, shop.id, a.id, { status: "inactive" });
    expect(await affiliateIdForCode(handle.db, shop.id, `${a.code}-new`)).toBeNull();
    expect(await findActiveAffiliateIdByCode(handle.db, shop.id, `${a.code}-new`)).toBeNull();
  });

  it("with automatic sync on but Stripe not connected, nothing is queued", async () => {
    await handle.db.update(merchants).set({ autoSyncCoupons: true }).where(eq(merchants.id, shop.id));
    try {
      const a = await newAffiliate();
      const updated = await updateAffiliate(handle.db, shop.id, a.id, { couponCode: "NOSTRIPE" });
      expect(updated.couponSyncStatus).toBe("none");
      const queued = await handle.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.merchantId, shop.id), eq(jobs.status, "queued")));
      expect(queued).toEqual([]);
    } finally {
      await handle.db.update(merchants).set({ autoSyncCoupons: false }).where(eq(merchants.id, shop.id));
    }
  });

  it("affiliates:set-coupon sets and removes a code through the same rules", async () => {
    const a = await newAffiliate();
    const run = (...argv: string[]) => commands["affiliates:set-coupon"]!.run(handle.db, argv);
    expect(await run("--merchant", shop.id, "--affiliate", a.id, "--code", "CLI-10")).toMatchObject({
      id: a.id,
      coupon_code: "CLI-10",
      coupon_sync: { status: "none", stripe_promotion_code_id: null, error: null },
    });
    await expect(run("--merchant", shop.id, "--affiliate", a.id, "--code", "CLI_10")).rejects.toThrow(
      "Coupon code may contain only letters",
    );
    await expect(run("--merchant", other.id, "--affiliate", a.id, "--code", "X")).rejects.toThrow(
      "No such affiliate",
    );
    await expect(run("--merchant", shop.id, "--affiliate", a.id)).rejects.toThrow("--code");
    expect(await run("--merchant", shop.id, "--affiliate", a.id, "--code", "")).toMatchObject({
      coupon_code: null,
    });
  });
});
