import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./index";
import { createTestDatabase } from "./testing";

const EXPECTED_TABLES = [
  "affiliates",
  "api_keys",
  "audit_log",
  "commissions",
  "jobs",
  "leads",
  "member_invitations",
  "memberships",
  "merchants",
  "oauth_states",
  "payouts",
  "purchases",
  "stripe_connections",
  "stripe_customers",
  "stripe_events",
  "stripe_subscriptions",
  "users",
  "visitors",
  "visits",
];

async function tables(db: Awaited<ReturnType<typeof openDatabase>>["db"]) {
  const rows = await db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return (Array.isArray(rows) ? rows : (rows as { rows: { table_name: string }[] }).rows).map(
    (r) => r.table_name,
  );
}

describe("migrations", () => {
  it("apply to embedded PGlite", async () => {
    const handle = await openDatabase({ migrate: true });
    try {
      expect(await tables(handle.db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    } finally {
      await handle.close();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)("apply to PostgreSQL (DATABASE_URL)", async () => {
    const handle = await createTestDatabase();
    try {
      expect(handle.driver).toBe("postgres");
      expect(await tables(handle.db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      // Applying again is a no-op, as `npm run db:migrate` on every start relies on.
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(handle.db as never, { migrationsFolder: "db/migrations" });
    } finally {
      await handle.close();
    }
  });

  it("enforce case-insensitive uniqueness where SPEC §7 asks for it", async () => {
    const handle = await openDatabase({ migrate: true });
    try {
      await handle.db.execute(
        sql`insert into affiliates (id, merchant_id, email, code) values ('aff_1', 'mer_1', 'a@x.co', 'Maya')`,
      );
      await expect(
        handle.db.execute(
          sql`insert into affiliates (id, merchant_id, email, code) values ('aff_2', 'mer_1', 'b@x.co', 'MAYA')`,
        ),
      ).rejects.toThrow();
      // Another merchant may use the same code.
      await handle.db.execute(
        sql`insert into affiliates (id, merchant_id, email, code) values ('aff_3', 'mer_2', 'a@x.co', 'maya')`,
      );
    } finally {
      await handle.close();
    }
  });
});
