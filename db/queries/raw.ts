import type { SQL } from "drizzle-orm";
import type { Database } from "../index";

type PgDialectLike = { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
type PostgresJsClient = {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): PromiseLike<unknown[]>;
};

/**
 * Rows of a raw query from either driver. On PostgreSQL it runs as a prepared statement: the
 * dashboard's reads are planned once per connection instead of on every call, and planning
 * them cost more than running them. Cast sums to float8 (or counts to int) in the SQL so both
 * drivers return numbers: exact for integers below 2^53, far above any total in minor units.
 */
export async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const client = (db as unknown as { $client?: PostgresJsClient | object }).$client;
  if (client && "unsafe" in client) {
    const { sql: text, params } = (db as unknown as { dialect: PgDialectLike }).dialect.sqlToQuery(query);
    return (await client.unsafe(text, params, { prepare: true })) as T[];
  }
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
