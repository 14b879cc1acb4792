import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./index";
import { reusable } from "./reusable";
import { merchants } from "./schema";
import { createTestDatabase } from "./testing";

const insertMerchant = reusable("test_insert_merchant", (db) =>
  db
    .insert(merchants)
    .values({
      id: sql.placeholder("id"),
      name: sql.placeholder("name"),
      slug: sql.placeholder("id"),
      publicKey: sql.placeholder("id"),
    })
    .returning({ id: merchants.id, name: merchants.name, createdAt: merchants.createdAt }),
);
const findMerchant = reusable("test_find_merchant", (db) =>
  db
    .select()
    .from(merchants)
    .where(eq(merchants.id, sql.placeholder("id"))),
);

describe("reusable queries", () => {
  let a: DbHandle;
  let b: DbHandle;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it("run inside the transaction they are given, and roll back with it", async () => {
    await expect(
      a.db.transaction(async (tx) => {
        await insertMerchant(tx, { id: "m_tx", name: "Inside" });
        // Visible to the transaction itself, on its own connection.
        expect(await findMerchant(tx, { id: "m_tx" })).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await findMerchant(a.db, { id: "m_tx" })).toEqual([]);
  });

  it("map rows like Drizzle does, with fresh values on every call", async () => {
    const [first] = await insertMerchant(a.db, { id: "m_1", name: "First" });
    const [second] = await insertMerchant(a.db, { id: "m_2", name: "Second" });
    expect(first).toMatchObject({ id: "m_1", name: "First" });
    expect(second).toMatchObject({ id: "m_2", name: "Second" });
    expect(first!.createdAt).toBeInstanceOf(Date);
    const [row] = await findMerchant(a.db, { id: "m_2" });
    expect(row).toMatchObject({ id: "m_2", name: "Second", slug: "m_2" });
  });

  it("serve each database its own rows", async () => {
    await insertMerchant(b.db, { id: "m_b", name: "Other database" });
    expect(await findMerchant(a.db, { id: "m_b" })).toEqual([]);
    expect(await findMerchant(b.db, { id: "m_b" })).toHaveLength(1);
  });
});
