import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as commissionsRoute from "@/app/api/v1/commissions/route";
import * as leadsRoute from "@/app/api/v1/leads/route";
import * as purchasesRoute from "@/app/api/v1/purchases/route";
import type { DbHandle } from "@/db";
import { leads, purchases } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { insertCommission } from "@/lib/payouts/testing";
import { createTestAffiliate } from "@/lib/tracking/testing";
import { allPages, apiMerchant, callApi, installAppDatabase } from "./testing";

/** GET /api/v1/leads, /purchases, /commissions (SPEC §8) through their route handlers. */
let handle: DbHandle;
let restore: () => void;
let a: Awaited<ReturnType<typeof apiMerchant>> & { affiliateId: string; otherAffiliateId: string };
let b: Awaited<ReturnType<typeof apiMerchant>> & { affiliateId: string };
const expected = { leads: [] as string[], purchases: [] as string[], commissions: [] as string[] };

// Timestamps that collide (and one that differs by a microsecond), to test keyset pagination.
const T0 = "2026-03-01T10:00:00.000000Z";
const T1 = "2026-03-01T10:00:00.000001Z";
const timestamps = [T0, T0, T0, T1, T1, "2026-03-02T00:00:00Z", "2026-02-01T00:00:00Z"];

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = installAppDatabase(handle);
  const ma = await apiMerchant(handle);
  const mb = await apiMerchant(handle);
  const affA = await createTestAffiliate(handle.db, ma.merchantId, "apiaff");
  const affA2 = await createTestAffiliate(handle.db, ma.merchantId, "apiaff2");
  const affB = await createTestAffiliate(handle.db, mb.merchantId, "apiaffb");
  a = { ...ma, affiliateId: affA.id, otherAffiliateId: affA2.id };
  b = { ...mb, affiliateId: affB.id };
  const db = handle.db;
  for (const [i, at] of timestamps.entries()) {
    const createdAt = sql`${at}::timestamptz`;
    const affiliateId = i % 3 === 0 ? affA2.id : affA.id;
    const leadId = newId("lead");
    await db.insert(leads).values({
      id: leadId,
      merchantId: ma.merchantId,
      email: `lead${i}@example.com`,
      affiliateId,
      status: i === 1 ? "cancelled" : "active",
      stripeCustomerId: i === 2 ? "cus_123" : null,
      createdAt: createdAt as never,
    });
    const purchaseId = newId("pur");
    await db.insert(purchases).values({
      id: purchaseId,
      merchantId: ma.merchantId,
      stripeId: `in_${i}`,
      source: "invoice",
      leadId,
      affiliateId,
      amount: 1000 + i,
      currency: "usd",
      status: i === 1 ? "refunded" : "completed",
      amountRefunded: i === 1 ? 1001 : 0,
      attribution: "tracking",
      livemode: i !== 4,
      createdAt: createdAt as never,
    });
    const commission = await insertCommission(db, {
      merchantId: ma.merchantId,
      affiliateId,
      purchaseId,
      amount: 200 + i,
      status: i === 1 ? "cancelled" : "due",
      livemode: i !== 4,
      createdAt: createdAt as never,
    });
    expected.leads.push(leadId);
    expected.purchases.push(purchaseId);
    expected.commissions.push(commission.id);
  }
  // Merchant B's rows must never show up for A's key.
  await db
    .insert(leads)
    .values({ id: newId("lead"), merchantId: mb.merchantId, email: "b@example.com", affiliateId: affB.id });
  await insertCommission(db, { merchantId: mb.merchantId, affiliateId: affB.id, amount: 1 });
});
afterAll(async () => {
  restore?.();
  await handle?.close();
});

/** Newest first by (created_at, id), the order the API promises. */
function newestFirst(ids: string[]) {
  return ids
    .map((id, i) => ({ id, at: timestamps[i]! }))
    .sort((x, y) => byteOrder(y.at, x.at) || byteOrder(y.id, x.id))
    .map((r) => r.id);
}

/** The databases compare ids byte by byte (C collation), not like localeCompare. */
const byteOrder = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const endpoints = [
  { name: "leads", route: leadsRoute, path: "/api/v1/leads" },
  { name: "purchases", route: purchasesRoute, path: "/api/v1/purchases" },
  { name: "commissions", route: commissionsRoute, path: "/api/v1/commissions" },
] as const;

describe.each(endpoints)("GET $path", ({ name, route, path }) => {
  it("pages newest first through every row, none twice, none skipped, whatever the page size", async () => {
    for (const limit of [1, 2, 3, 7, 100]) {
      const { ids, pages } = await allPages(route.GET, path, a.key, limit);
      expect(ids).toEqual(newestFirst(expected[name]));
      expect(pages).toBe(Math.max(1, Math.ceil(7 / limit)));
    }
  });

  it("shows a second merchant's key only its own rows", async () => {
    const res = await callApi(route.GET, { path, key: b.key });
    expect(res.status).toBe(200);
    for (const row of res.body.data) expect(expected[name]).not.toContain(row.id);
    const filtered = await callApi(route.GET, { path: `${path}?affiliate_id=${a.affiliateId}`, key: b.key });
    expect(filtered.body).toEqual({ data: [], next_cursor: null });
  });

  it("filters by affiliate_id", async () => {
    const res = await callApi(route.GET, { path: `${path}?affiliate_id=${a.otherAffiliateId}`, key: a.key });
    expect(res.body.data.map((r: { affiliate_id: string }) => r.affiliate_id)).toEqual([
      a.otherAffiliateId,
      a.otherAffiliateId,
      a.otherAffiliateId,
    ]);
  });

  it("answers 400 for a bad limit, cursor or filter, 401 without a valid key, 405 for writes", async () => {
    for (const query of [
      "limit=0",
      "limit=101",
      "limit=abc",
      "cursor=nonsense",
      "status=bogus",
      "affiliate_id=%20",
    ]) {
      const res = await callApi(route.GET, { path: `${path}?${query}`, key: a.key });
      expect(res.status, query).toBe(400);
      expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    for (const key of [null, "lt_sk_wrong", "not-a-key"]) {
      const res = await callApi(route.GET, { path, key });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
    const res = await callApi(route.POST, { method: "POST", path, key: a.key, body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(res.body.error.code).toBe("method_not_allowed");
  });
});

describe("fields (SPEC §8)", () => {
  it("leads: id, email, affiliate_id, status, stripe_customer_id, created_at; filter by status", async () => {
    const res = await callApi(leadsRoute.GET, { path: "/api/v1/leads?status=cancelled", key: a.key });
    expect(res.body).toEqual({
      data: [
        {
          id: expected.leads[1],
          email: "lead1@example.com",
          affiliate_id: a.affiliateId,
          status: "cancelled",
          stripe_customer_id: null,
          created_at: "2026-03-01T10:00:00.000Z",
        },
      ],
      next_cursor: null,
    });
  });

  it("purchases: the SPEC's fields; filter by status and livemode", async () => {
    const res = await callApi(purchasesRoute.GET, { path: "/api/v1/purchases?status=refunded", key: a.key });
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id: expected.purchases[1],
        lead_id: expected.leads[1],
        affiliate_id: a.affiliateId,
        amount: 1001,
        currency: "usd",
        status: "refunded",
        amount_refunded: 1001,
        stripe_id: "in_1",
        attribution: "tracking",
        livemode: true,
        created_at: "2026-03-01T10:00:00.000Z",
      }),
    ]);
    const test = await callApi(purchasesRoute.GET, { path: "/api/v1/purchases?livemode=false", key: a.key });
    expect(test.body.data.map((p: { id: string }) => p.id)).toEqual([expected.purchases[4]]);
    const bad = await callApi(purchasesRoute.GET, { path: "/api/v1/purchases?livemode=yes", key: a.key });
    expect(bad.status).toBe(400);
  });

  it("commissions: the SPEC's fields; filter by status and livemode", async () => {
    const res = await callApi(commissionsRoute.GET, {
      path: "/api/v1/commissions?status=due&livemode=false",
      key: a.key,
    });
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id: expected.commissions[4],
        affiliate_id: a.affiliateId,
        purchase_id: expected.purchases[4],
        amount: 204,
        currency: "usd",
        status: "due",
        kind: "sale",
        payout_id: null,
        livemode: false,
        created_at: "2026-03-01T10:00:00.000Z",
      }),
    ]);
  });
});
