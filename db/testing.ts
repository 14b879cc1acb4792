import { randomBytes } from "node:crypto";
import { type DbHandle, openDatabase } from "./index";

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database when
 * DATABASE_URL is set (dropped on close), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DbHandle & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ migrate: true });
  const { default: postgres } = await import("postgres");
  const name = `leadtrail_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = await openDatabase({ url: testUrl.toString(), migrate: true });
  return {
    ...handle,
    // Another process (a worker under test) can open the same database.
    url: testUrl.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
