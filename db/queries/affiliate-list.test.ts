import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db";
import { commissions } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { type AffiliateSort, countPendingAffiliates, listAffiliatePage } from "./affiliate-list";

let handle: DbHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

async function all(merchantId: string, sort: AffiliateSort, extra: { status?: "pending" | "active" } = {}) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listAffiliatePage>> = await listAffiliatePage(db, {
      merchantId,
      sort,
      limit: 2,
      cursor,
      livemode: true,
      currency: "usd",
      ...extra,
    });
    seen.push(...page.affiliates.map((a) => a.code));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("affiliates list", () => {
  it("pages through every order and filter of one merchant only", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    const make = async (
      code: string,
      firstName: string,
      minutesAgo: number,
      status: "pending" | "active" = "active",
    ) => {
      const a = await createTestAffiliate(db, shop.id, code, { firstName, status });
      await db.execute(
        sql`update affiliates set created_at = now() - ${minutesAgo} * interval '1 minute' where id = ${a.id}`,
      );
      return a;
    };
    const zed = await make("zed", "Zed", 1);
    const amy = await make("amy", "Amy", 2, "pending");
    const bea = await make("bea", "", 3);
    const carl = await make("carl", "Carl", 4);
    await make("dan", "dan", 5, "pending");
    await createTestAffiliate(db, other.id, "stranger");
    const earn = (affiliateId: string, id: string, amount: number, livemode = true) =>
      db
        .insert(commissions)
        .values({ id, merchantId: shop.id, affiliateId, amount, currency: "usd", status: "due", livemode });
    await earn(carl.id, "com_1", 5_000);
    await earn(zed.id, "com_2", 700);
    await earn(bea.id, "com_3", 9_000, false);

    expect(await all(shop.id, "newest")).toEqual(["zed", "amy", "bea", "carl", "dan"]);
    // By name, the email standing in for a missing name ("bea-…@example.com").
    expect(await all(shop.id, "name")).toEqual(["amy", "bea", "carl", "dan", "zed"]);
    expect(await all(shop.id, "earnings")).toEqual(["carl", "zed", "amy", "bea", "dan"]);
    expect(await all(shop.id, "newest", { status: "pending" })).toEqual(["amy", "dan"]);
    expect(await all(shop.id, "earnings", { status: "active" })).toEqual(["carl", "zed", "bea"]);
    expect(await countPendingAffiliates(db, shop.id)).toBe(2);
    expect(amy.status).toBe("pending");

    // A cursor from elsewhere (or tampered with) starts over rather than failing.
    const first = await listAffiliatePage(db, {
      merchantId: shop.id,
      sort: "newest",
      limit: 2,
      cursor: "garbage",
      livemode: true,
      currency: "usd",
    });
    expect(first.affiliates.map((a) => a.code)).toEqual(["zed", "amy"]);
    expect(first.affiliates[0]!.createdAt).toBeInstanceOf(Date);
  });
});
