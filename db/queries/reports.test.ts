import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db";
import { commissions, leads, purchases, visits } from "@/db/schema";
import { seedActivity } from "@/db/seed-activity";
import { createTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import {
  addDays,
  affiliateSeries,
  affiliateStats,
  foldReports,
  leadingCurrency,
  overviewReport,
} from "./reports";

let handle: DbHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const TODAY = "2026-11-20";

async function rowsOf<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
const at = (day: string, time = "12:00:00") => sql`${`${day}T${time}Z`}::timestamptz`;

async function visit(merchantId: string, day: string, affiliateId: string | null = null) {
  await db.insert(visits).values({
    merchantId,
    visitorId: newId("lead"),
    affiliateId,
    url: "https://x.test/",
    createdAt: at(day),
  });
}

async function sale(
  merchantId: string,
  day: string,
  o: {
    affiliateId?: string | null;
    amount?: number;
    livemode?: boolean;
    currency?: string;
    status?: "completed" | "unverified";
  } = {},
) {
  const id = newId("pur");
  const amount = o.amount ?? 10_000;
  await db.insert(purchases).values({
    id,
    merchantId,
    stripeId: `in_${id}`,
    source: "invoice",
    affiliateId: o.affiliateId ?? null,
    amount,
    currency: o.currency ?? "usd",
    status: o.status ?? "completed",
    livemode: o.livemode ?? true,
    createdAt: at(day),
  });
  let commissionId: string | null = null;
  if (o.affiliateId) {
    commissionId = newId("com");
    await db.insert(commissions).values({
      id: commissionId,
      merchantId,
      affiliateId: o.affiliateId,
      purchaseId: id,
      amount: amount / 5,
      currency: o.currency ?? "usd",
      status: "pending",
      livemode: o.livemode ?? true,
      createdAt: at(day),
    });
  }
  return { id, commissionId };
}

describe("overview report", () => {
  it("counts each day of the period, keeps modes and merchants apart, and follows refunds", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    const ada = await createTestAffiliate(db, shop.id, "ada", { firstName: "Ada", lastName: "L" });
    const bob = await createTestAffiliate(db, shop.id, "bob");
    await visit(shop.id, "2026-11-20", ada.id);
    await visit(shop.id, "2026-11-20", ada.id);
    await visit(shop.id, "2026-11-19");
    await visit(shop.id, "2026-11-10", bob.id); // previous 7-day period
    await visit(other.id, "2026-11-20");
    await db.insert(leads).values({
      id: newId("lead"),
      merchantId: shop.id,
      email: "a@x.test",
      affiliateId: ada.id,
      createdAt: at("2026-11-19"),
    });
    const big = await sale(shop.id, "2026-11-20", { affiliateId: ada.id, amount: 10_000 });
    await sale(shop.id, "2026-11-18", { affiliateId: bob.id, amount: 5_000 });
    await sale(shop.id, "2026-11-18", { affiliateId: bob.id, amount: 7_000, livemode: false });
    await sale(shop.id, "2026-11-17", { amount: 999, status: "unverified" });
    await sale(other.id, "2026-11-20", { amount: 123_400 });

    const live = await overviewReport(db, { merchantId: shop.id, days: 7, mode: "live", today: TODAY });
    expect(live.from).toBe("2026-11-14");
    expect(live.series.map((p) => p.day)).toEqual([
      "2026-11-14",
      "2026-11-15",
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
    ]);
    expect(live.totals).toEqual({ visits: 3, leads: 1, purchases: 2, revenue: 15_000, commissions: 3_000 });
    expect(live.previous).toEqual({ visits: 1, leads: 0, purchases: 0, revenue: 0, commissions: 0 });
    expect(live.series.at(-1)).toEqual({
      day: "2026-11-20",
      visits: 2,
      leads: 0,
      purchases: 1,
      revenue: 10_000,
      commissions: 2_000,
    });
    expect(live.currency).toBe("usd");
    expect(
      live.topAffiliates.map((a) => [a.code, a.visits, a.leads, a.purchases, a.revenue, a.commissions]),
    ).toEqual([
      ["ada", 2, 1, 1, 10_000, 2_000],
      ["bob", 0, 0, 1, 5_000, 1_000],
    ]);

    const test = await overviewReport(db, { merchantId: shop.id, days: 7, mode: "test", today: TODAY });
    expect(test.totals).toEqual({ visits: 3, leads: 1, purchases: 1, revenue: 7_000, commissions: 1_400 });
    expect(test.topAffiliates.map((a) => a.code)).toEqual(["bob"]);

    // A partial refund lowers revenue; the cancelled commission stops counting.
    await db
      .update(purchases)
      .set({ amountRefunded: 2_500, status: "partially_refunded" })
      .where(eq(purchases.id, big.id));
    await db.update(commissions).set({ status: "cancelled" }).where(eq(commissions.id, big.commissionId!));
    const after = await overviewReport(db, { merchantId: shop.id, days: 7, mode: "live", today: TODAY });
    expect(after.totals).toMatchObject({ purchases: 2, revenue: 12_500, commissions: 1_000 });

    const theirs = await overviewReport(db, { merchantId: other.id, days: 7, mode: "live", today: TODAY });
    expect(theirs.totals).toEqual({ visits: 1, leads: 0, purchases: 1, revenue: 123_400, commissions: 0 });
    expect(theirs.topAffiliates).toEqual([]);
  });

  it("reads the same before and after pending deltas are folded", async () => {
    const shop = await createTestMerchant(db);
    const ada = await createTestAffiliate(db, shop.id, "ada");
    for (const day of ["2026-11-01", "2026-11-15", "2026-11-20"]) {
      await visit(shop.id, day, ada.id);
      await sale(shop.id, day, { affiliateId: ada.id, amount: 3_000 });
    }
    await sale(shop.id, "2026-11-19", { amount: 4_000, currency: "eur" });
    const pending = await overviewReport(db, { merchantId: shop.id, days: 30, mode: "live", today: TODAY });
    const statsPending = await affiliateStats(db, shop.id, [ada.id]);
    expect(await foldReports(db, shop.id)).toBeGreaterThan(0);
    expect(await overviewReport(db, { merchantId: shop.id, days: 30, mode: "live", today: TODAY })).toEqual(
      pending,
    );
    expect(await affiliateStats(db, shop.id, [ada.id])).toEqual(statsPending);
    expect(pending.currencies).toEqual(["usd", "eur"]);
    expect(pending.totals).toMatchObject({ visits: 3, purchases: 4, revenue: 9_000 });
    const euro = await overviewReport(db, {
      merchantId: shop.id,
      days: 30,
      mode: "live",
      currency: "eur",
      today: TODAY,
    });
    expect(euro.totals).toMatchObject({ purchases: 4, revenue: 4_000, commissions: 0 });
    expect(statsPending.get(ada.id)).toEqual({
      visits: 3,
      leads: 0,
      money: [{ livemode: true, currency: "usd", purchases: 3, revenue: 9_000, commissions: 1_800 }],
    });
    expect(await leadingCurrency(db, shop.id, true, "gbp")).toBe("usd");
    expect(await leadingCurrency(db, shop.id, false, "gbp")).toBe("gbp");
  });

  it("matches the raw tables for a bulk-seeded merchant", async () => {
    const shop = await createTestMerchant(db);
    await seedActivity(db, {
      merchantId: shop.id,
      affiliates: 20,
      visits: 3_000,
      leads: 400,
      purchases: 150,
      days: 60,
    });
    const today = new Date().toISOString().slice(0, 10);
    const report = await overviewReport(db, { merchantId: shop.id, days: 90, mode: "live", today });
    const raw = async (query: ReturnType<typeof sql>) => Number((await rowsOf<{ n: number }>(query))[0]!.n);
    expect(report.totals.visits).toBe(
      await raw(sql`select count(*) as n from visits where merchant_id = ${shop.id}`),
    );
    expect(report.totals.leads).toBe(
      await raw(sql`select count(*) as n from leads where merchant_id = ${shop.id}`),
    );
    expect(report.totals.revenue).toBe(
      await raw(
        sql`select coalesce(sum(amount - amount_refunded), 0) as n from purchases where merchant_id = ${shop.id} and livemode`,
      ),
    );
    expect(report.totals.commissions).toBe(
      await raw(
        sql`select coalesce(sum(amount), 0) as n from commissions where merchant_id = ${shop.id} and livemode and status <> 'cancelled'`,
      ),
    );
    // The 90-day ranking comes from the sliding windows: the same as adding up the purchases.
    const ranking = await rowsOf<{ id: string; revenue: number }>(
      sql`select affiliate_id as id, sum(amount - amount_refunded)::float8 as revenue from purchases
        where merchant_id = ${shop.id} and livemode and affiliate_id is not null
        group by affiliate_id order by 2 desc, 1 limit 5`,
    );
    expect(report.topAffiliates.map((a) => ({ id: a.id, revenue: a.revenue }))).toEqual(ranking);
    const ada = report.topAffiliates[0]!;
    expect(ada.visits).toBe(
      await raw(
        sql`select count(*) as n from visits where merchant_id = ${shop.id} and affiliate_id = ${ada.id}`,
      ),
    );
  });

  it("slides the affiliate windows day by day as the exact sums of their days", async () => {
    const shop = await createTestMerchant(db);
    await seedActivity(db, {
      merchantId: shop.id,
      affiliates: 12,
      visits: 500,
      leads: 50,
      purchases: 300,
      days: 120,
      testShare: 0.3,
    });
    await foldReports(db, shop.id);
    const today = new Date().toISOString().slice(0, 10);
    const check = async (asOf: string, nonEmpty = true) => {
      const windows = await rowsOf<{ key: string; revenue: number; commissions: number }>(
        sql`select livemode || currency || window_days || affiliate_id as key, revenue::float8 as revenue,
          commissions::float8 as commissions
          from affiliate_windows where merchant_id = ${shop.id} and (revenue <> 0 or commissions <> 0 or purchases <> 0) order by 1`,
      );
      const expected = await rowsOf<{ key: string; revenue: number; commissions: number }>(
        sql`select livemode || currency || w || affiliate_id as key, sum(revenue)::float8 as revenue,
          sum(commissions)::float8 as commissions
          from affiliate_daily cross join (values (7), (30), (90)) ws(w)
          where merchant_id = ${shop.id} and currency <> '' and day >= ${asOf}::date - (w - 1)
          group by 1 having sum(revenue) <> 0 or sum(commissions) <> 0 or sum(purchases) <> 0 order by 1`,
      );
      if (nonEmpty) expect(windows.length).toBeGreaterThan(0);
      expect(windows).toEqual(expected);
    };
    await check(today);
    // A day, another, a week, a month; then back in time (rebuilt), and past every window.
    for (const ahead of [1, 2, 7, 36, -20, 200]) {
      const day = addDays(today, ahead);
      await db.execute(sql`select report_slide_windows(${shop.id}, ${day}::date)`);
      await check(day, ahead < 90);
    }
  });
});

describe("affiliate series (portal)", () => {
  it("is one affiliate's own days, live purchases only", async () => {
    const shop = await createTestMerchant(db);
    const ada = await createTestAffiliate(db, shop.id, "ada");
    const bob = await createTestAffiliate(db, shop.id, "bob");
    await visit(shop.id, "2026-11-20", ada.id);
    await visit(shop.id, "2026-11-20", bob.id);
    await sale(shop.id, "2026-11-19", { affiliateId: ada.id });
    await sale(shop.id, "2026-11-19", { affiliateId: ada.id, livemode: false });
    await sale(shop.id, "2026-11-19", { affiliateId: bob.id });
    const { series, totals, currency } = await affiliateSeries(db, {
      merchantId: shop.id,
      affiliateId: ada.id,
      days: 7,
      today: TODAY,
    });
    expect(series).toHaveLength(7);
    expect(totals).toEqual({ visits: 1, leads: 0, purchases: 1, revenue: 10_000, commissions: 2_000 });
    expect(currency).toBe("usd");
    // Another merchant asking for this affiliate id sees nothing.
    const stranger = await createTestMerchant(db);
    const theirs = await affiliateSeries(db, {
      merchantId: stranger.id,
      affiliateId: ada.id,
      days: 7,
      today: TODAY,
    });
    expect(theirs.totals).toEqual({ visits: 0, leads: 0, purchases: 0, revenue: 0, commissions: 0 });
    const rows = await db
      .select()
      .from(visits)
      .where(and(eq(visits.merchantId, shop.id), eq(visits.affiliateId, ada.id)));
    expect(rows).toHaveLength(1);
  });
});
