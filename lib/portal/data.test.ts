import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, DbHandle } from "@/db";
import { commissions, payouts, purchases, visits } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import type { AffiliateContext } from "@/lib/auth/session";
import { forbidden } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { portalCommissions, portalEarnings, portalPayouts, portalStats } from "./data";

let handle: DbHandle;
let db: Database;
const session = vi.hoisted(() => ({ current: null as AffiliateContext | null }));

vi.mock("@/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db")>()),
  getDb: async () => db,
}));
vi.mock("@/lib/auth/session", () => ({
  affiliateContext: async () => {
    if (!session.current) throw forbidden("This area is for affiliates");
    return session.current;
  },
  merchantContext: async () => {
    throw forbidden("This area is for merchants");
  },
}));

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const ctxOf = (a: { id: string; merchantId: string; email: string }): AffiliateContext => ({
  affiliateId: a.id,
  merchantId: a.merchantId,
  email: a.email,
  name: a.email,
});

async function sale(merchantId: string, affiliateId: string, amount: number, payoutId: string | null = null) {
  const purchaseId = newId("pur");
  await db.insert(purchases).values({
    id: purchaseId,
    merchantId,
    stripeId: `in_${purchaseId}`,
    source: "invoice",
    affiliateId,
    amount: amount * 5,
    currency: "usd",
    status: "completed",
    livemode: true,
  });
  const id = newId("com");
  await db.insert(commissions).values({
    id,
    merchantId,
    affiliateId,
    purchaseId,
    payoutId,
    amount,
    currency: "usd",
    status: payoutId ? "paid" : "due",
    livemode: true,
  });
  await db.insert(visits).values({ merchantId, visitorId: id, affiliateId, url: "https://shop.test/" });
  return id;
}

describe("portal scoping", () => {
  it("shows an affiliate only their own rows, of their own merchant, whatever the URL says", async () => {
    const shop = await createTestMerchant(db);
    const otherShop = await createTestMerchant(db);
    const ada = await createTestAffiliate(db, shop.id, "ada");
    const bob = await createTestAffiliate(db, shop.id, "bob");
    const eve = await createTestAffiliate(db, otherShop.id, "eve");
    await db.insert(payouts).values({
      id: "pay_shared",
      merchantId: shop.id,
      amount: 900,
      currency: "usd",
      commissionCount: 2,
      status: "paid",
    });
    const adaPaid = await sale(shop.id, ada.id, 400, "pay_shared");
    await sale(shop.id, bob.id, 500, "pay_shared");
    const adaDue = await sale(shop.id, ada.id, 100);
    await sale(shop.id, bob.id, 7_000);
    await sale(otherShop.id, eve.id, 9_000);

    const ctx = ctxOf(ada);
    const own = await portalCommissions(db, ctx, null);
    expect(own.items.map((c) => c.id).sort()).toEqual([adaDue, adaPaid].sort());
    const payoutsSeen = await portalPayouts(db, ctx, null);
    expect(payoutsSeen.items).toMatchObject([
      { id: "pay_shared", amount: 400, commissionCount: 1, status: "paid" },
    ]);
    expect(await portalEarnings(db, ctx)).toEqual([
      { livemode: true, currency: "usd", pending: 0, due: 100, paid: 400, onHold: 0, total: 500 },
    ]);
    expect((await portalStats(db, ctx, 7)).totals).toMatchObject({
      visits: 2,
      purchases: 2,
      commissions: 500,
    });

    // An affiliate id paired with another merchant (as a forged session would) reads nothing.
    const forged = { ...ctx, merchantId: otherShop.id };
    expect((await portalCommissions(db, forged, null)).items).toEqual([]);
    expect((await portalPayouts(db, forged, null)).items).toEqual([]);
    expect(await portalEarnings(db, forged)).toEqual([]);
    expect((await portalStats(db, forged, 7)).totals.visits).toBe(0);
  });

  it("takes the affiliate from the session in the stats route, and refuses anyone else", async () => {
    const { GET } = await import("@/app/api/portal/stats/route");
    const shop = await createTestMerchant(db);
    const ada = await createTestAffiliate(db, shop.id, "ada2");
    const bob = await createTestAffiliate(db, shop.id, "bob2");
    await sale(shop.id, bob.id, 300);

    session.current = null;
    const refused = await GET(new Request("http://app.test/api/portal/stats?days=7"), {});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: "forbidden", message: "This area is for affiliates" },
    });

    session.current = ctxOf(ada);
    // Nothing in the URL can point the handler at Bob.
    const res = await GET(
      new Request(`http://app.test/api/portal/stats?days=7&affiliateId=${bob.id}&merchantId=${shop.id}`),
      {},
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { totals: { visits: number; commissions: number }; series: unknown[] };
    expect(body.series).toHaveLength(7);
    expect(body.totals).toMatchObject({ visits: 0, commissions: 0 });
  });
});
