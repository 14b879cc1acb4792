import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "./index";

/**
 * "staff" members from before the team roles become admins (they could do everything but own),
 * and no other role can be stored afterwards. The database is migrated to just before the team
 * migration, given a staff member, then migrated the rest of the way.
 */

function foldersBeforeTeam(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadtrail-migrations-"));
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
    entries: { tag: string; idx: number }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith("_team_roles"));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

/** A database with no tables yet: on the PostgreSQL of DATABASE_URL when set, else embedded. */
async function emptyDatabase() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ migrate: false });
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    return { db: handle.db, migrate, close: handle.close };
  }
  const { default: postgres } = await import("postgres");
  const name = `leadtrail_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString(), migrate: false });
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  return {
    db: handle.db,
    migrate,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe("the team roles migration", () => {
  it("turns staff into admins and refuses unknown roles afterwards", { timeout: 120_000 }, async () => {
    const handle = await emptyDatabase();
    const { migrate } = handle;
    const before = foldersBeforeTeam();
    try {
      await migrate(handle.db as never, { migrationsFolder: before });
      await handle.db.execute(
        sql`insert into merchants (id, name, slug, public_key) values ('mer_1', 'Shop', 'shop', 'lt_pk_1')`,
      );
      await handle.db.execute(
        sql`insert into users (id, email, name, password_hash) values ('usr_1', 'o@x.co', 'O', 'h'), ('usr_2', 's@x.co', 'S', 'h')`,
      );
      await handle.db.execute(
        sql`insert into memberships (merchant_id, user_id, role) values ('mer_1', 'usr_1', 'owner'), ('mer_1', 'usr_2', 'staff')`,
      );
      await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      const rows = await handle.db.execute<{ user_id: string; role: string }>(
        sql`select user_id, role from memberships order by user_id`,
      );
      const list = Array.isArray(rows)
        ? rows
        : (rows as unknown as { rows: { user_id: string; role: string }[] }).rows;
      expect(list).toEqual([
        { user_id: "usr_1", role: "owner" },
        { user_id: "usr_2", role: "admin" },
      ]);
      await expect(
        handle.db.execute(sql`update memberships set role = 'staff' where user_id = 'usr_2'`),
      ).rejects.toThrow();
    } finally {
      await handle.close();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
