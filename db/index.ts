import fs from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

type Schema = typeof schema;
/** Either driver: postgres.js (DATABASE_URL) or embedded PGlite. Queries take this or a transaction. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DbHandle {
  db: Database;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Opens a database. PGlite databases are migrated on open; PostgreSQL through `npm run db:migrate`. */
export async function openDatabase(options: { url?: string; dataDir?: string; migrate?: boolean } = {}) {
  if (options.url) return openPostgres(options.url, options.migrate ?? false);
  return openPglite(options.dataDir, options.migrate ?? true);
}

async function openPostgres(url: string, migrate: boolean): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: env().DATABASE_POOL_SIZE, onnotice: () => {} });
  const db = drizzle(preparingStatements(client), { schema, casing: "snake_case" }) as unknown as Database;
  if (migrate) {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

/** Statements with more parameters than this vary in shape (multi-row inserts, long id lists). */
const MAX_PREPARED_PARAMETERS = 64;

type Sql = import("postgres").Sql;

/**
 * Drizzle asks postgres.js for unnamed statements, which costs every parameterized query two
 * round trips (parse and describe, then bind and execute) and the server a fresh parse and
 * plan each time. This view of the client prepares them instead: postgres.js keeps one named
 * statement per query text on each connection, so a repeated query is one round trip with a
 * cached plan. Inside transactions too. `?prepare=false` in DATABASE_URL (for a pooler that
 * cannot keep prepared statements) still turns it off: postgres.js's own option wins.
 */
function preparingStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "unsafe") {
        return (query: string, params?: unknown[], options?: object) =>
          (value as Sql["unsafe"]).call(
            target,
            query,
            params as never,
            params?.length && params.length <= MAX_PREPARED_PARAMETERS
              ? { ...options, prepare: true }
              : options,
          );
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.at(-1) as (sql: Sql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [
            ...args.slice(0, -1),
            (sql: Sql) => callback(preparingStatements(sql)),
          ]);
        };
      }
      return value;
    },
  });
}

/** dataDir undefined → in-memory database (tests); a folder → persistent, locked to this process. */
async function openPglite(dataDir: string | undefined, migrate: boolean): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Database;
  if (migrate) {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return {
    db,
    driver: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite does not lock its folder and two processes writing it corrupt it, so the first
 * process to open it records its pid and every other process is refused with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "..", `${path.basename(dataDir)}.pid`);
  try {
    const holder = Number(fs.readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder} (a running Leadtrail?). ` +
          "Stop it first, or set DATABASE_URL to use PostgreSQL.",
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const globalForDb = globalThis as unknown as { leadtrailDb?: Promise<DbHandle> };

/** The app's shared database; HMR-safe, and shared by the custom server and Next's bundles. */
export function appDatabase(): Promise<DbHandle> {
  globalForDb.leadtrailDb ??= (() => {
    const { DATABASE_URL, LEADTRAIL_DATA_DIR } = env();
    return DATABASE_URL
      ? openDatabase({ url: DATABASE_URL })
      : openDatabase({ dataDir: path.resolve(LEADTRAIL_DATA_DIR, "pglite") });
  })();
  return globalForDb.leadtrailDb;
}

export async function getDb(): Promise<Database> {
  return (await appDatabase()).db;
}

export { schema };
