import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { leads } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { decodeCursor } from "@/lib/cursor";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { listLeads } from "./tracking";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe("leads list", () => {
  it("pages newest first through rows a microsecond apart or tied, with the affiliate", async () => {
    const shop = await createTestMerchant(handle.db);
    const other = await createTestMerchant(handle.db);
    const sam = await createTestAffiliate(handle.db, shop.id, "sam", { firstName: "Sam", lastName: "Lee" });
    // Same millisecond, different microseconds, and exact ties: a millisecond cursor would lose rows.
    const stamps = [
      "2026-11-01T10:00:00.123001Z",
      "2026-11-01T10:00:00.123002Z",
      "2026-11-01T10:00:00.123002Z",
      "2026-11-01T10:00:00.123003Z",
      "2026-11-01T10:00:00.123003Z",
      "2026-11-02T10:00:00Z",
      "2026-11-03T10:00:00Z",
    ];
    for (const [i, at] of stamps.entries()) {
      await handle.db.insert(leads).values({
        id: `lead_${String(i).padStart(2, "0")}`,
        merchantId: shop.id,
        email: `lead${i}@example.com`,
        affiliateId: i % 2 ? sam.id : null,
        createdAt: sql`${at}::timestamptz`,
      });
    }
    await handle.db.insert(leads).values({ id: "lead_other", merchantId: other.id, email: "x@example.com" });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listLeads>> = await listLeads(handle.db, {
        merchantId: shop.id,
        limit: 2,
        cursor: decodeCursor(cursor),
      });
      seen.push(...page.leads.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["lead_06", "lead_05", "lead_04", "lead_03", "lead_02", "lead_01", "lead_00"]);

    const { leads: first } = await listLeads(handle.db, { merchantId: shop.id, limit: 2, cursor: null });
    expect(first[1]).toMatchObject({
      id: "lead_05",
      affiliateId: sam.id,
      affiliateFirstName: "Sam",
      affiliateLastName: "Lee",
      affiliateCode: "sam",
    });
    expect(first[0]).toMatchObject({ id: "lead_06", affiliateId: null, affiliateCode: null });
  });
});
