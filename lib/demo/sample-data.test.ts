import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db";
import { overviewReport } from "@/db/queries/reports";
import { affiliates, commissions, leads, purchases, visits } from "@/db/schema";
import { seedActivity } from "@/db/seed-activity";
import { createTestDatabase } from "@/db/testing";
import type { AppError } from "@/lib/errors";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { addSampleData, dropSampleData, SAMPLE_SIZE } from "./sample-data";

let handle: DbHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const tables = { affiliates, visits, leads, purchases, commissions };

/** Every row of the merchant, by table: ids (visits by visitor and time) so a swap would show. */
async function snapshot(merchantId: string) {
  const out = {} as Record<keyof typeof tables, string[]>;
  for (const [name, table] of Object.entries(tables) as [
    keyof typeof tables,
    (typeof tables)[keyof typeof tables],
  ][]) {
    const rows = await db
      .select({ key: name === "visits" ? sql<string>`visitor_id || '@' || created_at` : sql<string>`id` })
      .from(table)
      .where(eq(table.merchantId, merchantId));
    out[name] = rows.map((r) => r.key).sort();
  }
  return out;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: AppError) => ({ status: error.status, message: error.message }),
  );

const totals = async (merchantId: string) =>
  (await overviewReport(db, { merchantId, days: 90, mode: "live", defaultCurrency: "usd" })).totals;

describe("sample data", () => {
  it("adds 90 days of marked activity and removes exactly what it added", async () => {
    const shop = await createTestMerchant(db);
    const neighbour = await createTestMerchant(db);
    // The merchant's own data, and another merchant's activity made by the same generator.
    const own = await createTestAffiliate(db, shop.id, "mine", { firstName: "Real" });
    await seedActivity(db, {
      merchantId: shop.id,
      affiliateId: own.id,
      affiliates: 0,
      visits: 30,
      leads: 5,
      purchases: 3,
      days: 10,
    });
    await addSampleData(db, neighbour.id);
    const before = await snapshot(shop.id);
    const neighbourBefore = await snapshot(neighbour.id);
    const totalsBefore = await totals(shop.id);

    await addSampleData(db, shop.id);
    const loaded = await snapshot(shop.id);
    expect(loaded.affiliates.length - before.affiliates.length).toBe(SAMPLE_SIZE.affiliates);
    expect(loaded.visits.length - before.visits.length).toBe(SAMPLE_SIZE.visits);
    expect(loaded.leads.length - before.leads.length).toBe(SAMPLE_SIZE.leads);
    expect(loaded.purchases.length - before.purchases.length).toBe(SAMPLE_SIZE.purchases);
    expect(loaded.commissions.length).toBeGreaterThan(before.commissions.length);
    const after = await totals(shop.id);
    expect(after.visits - totalsBefore.visits).toBe(SAMPLE_SIZE.visits);
    expect(after.revenue).toBeGreaterThan(totalsBefore.revenue);
    // Marked where a merchant would see it: the sample affiliates' names.
    const [marked] = await db
      .select({ n: count() })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, shop.id), sql`${affiliates.lastName} like '%(sample)'`));
    expect(marked?.n).toBe(SAMPLE_SIZE.affiliates);
    expect(await failure(addSampleData(db, shop.id))).toMatchObject({ status: 409 });

    const removed = await dropSampleData(db, shop.id);
    expect(removed).toMatchObject({
      affiliates: SAMPLE_SIZE.affiliates,
      visits: SAMPLE_SIZE.visits,
      leads: SAMPLE_SIZE.leads,
      purchases: SAMPLE_SIZE.purchases,
    });
    expect(await snapshot(shop.id)).toEqual(before);
    expect(await totals(shop.id)).toEqual(totalsBefore);
    expect(await snapshot(neighbour.id)).toEqual(neighbourBefore);
    expect(await failure(dropSampleData(db, shop.id))).toMatchObject({ status: 404 });
  });

  it("is not removed while a payout holds some of its commissions", async () => {
    const shop = await createTestMerchant(db);
    await addSampleData(db, shop.id);
    const [one] = await db
      .select({ id: commissions.id })
      .from(commissions)
      .where(eq(commissions.merchantId, shop.id))
      .limit(1);
    await db.update(commissions).set({ payoutId: "pay_kept" }).where(eq(commissions.id, one!.id));
    const before = await snapshot(shop.id);
    expect(await failure(dropSampleData(db, shop.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining("discard that payout first"),
    });
    expect(await snapshot(shop.id)).toEqual(before);
  });
});
