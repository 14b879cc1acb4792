import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "./index";
import { merchants } from "./schema";
import { createTestDatabase } from "./testing";

const usingPostgres = !!process.env.DATABASE_URL;

/** Statements this connection has prepared whose text mentions the merchants table. */
async function preparedOnMerchants(db: DbHandle["db"]): Promise<number> {
  const rows = (await db.execute(
    sql`select count(*)::int as n from pg_prepared_statements where statement like '%"merchants"%'`,
  )) as unknown as { n: number }[];
  return rows[0]!.n;
}

describe.skipIf(!usingPostgres)("prepared statements on PostgreSQL", () => {
  let handle: DbHandle & { url?: string };
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it("prepares parameterized queries inside transactions, once per query text", async () => {
    await handle.db.transaction(async (tx) => {
      expect(await preparedOnMerchants(tx)).toBe(0);
      for (const id of ["m_1", "m_2", "m_3"]) {
        await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, id));
      }
      expect(await preparedOnMerchants(tx)).toBe(1);
      // Savepoints (nested transactions) run on the same connection and reuse it.
      await tx.transaction(async (nested) => {
        await nested.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, "m_4"));
        expect(await preparedOnMerchants(nested)).toBe(1);
      });
    });
  });

  it("leaves statements unprepared when DATABASE_URL says prepare=false (poolers)", async () => {
    const url = new URL(handle.url!);
    url.searchParams.set("prepare", "false");
    const plain = await openDatabase({ url: url.toString() });
    try {
      await plain.db.transaction(async (tx) => {
        await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, "m_1"));
        expect(await preparedOnMerchants(tx)).toBe(0);
      });
    } finally {
      await plain.close();
    }
  });
});
