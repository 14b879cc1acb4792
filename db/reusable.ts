import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Database } from "./index";

interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/**
 * A hot query, built once with `sql.placeholder(...)` for its values, then run on whichever
 * database or transaction each call passes. Drizzle rebuilds a query's SQL on every call,
 * which for a full row costs more CPU than PostgreSQL spends running it (bench/webhooks), and
 * its own prepared queries stay bound to the pool they were built on, so they cannot take
 * part in a transaction. Here the built query is kept and only its connection is swapped for
 * the caller's (one build per driver: postgres.js and PGlite map rows differently).
 */
export function reusable<V extends Record<string, unknown>, R>(
  name: string,
  build: (db: Database) => { prepare(name: string): Prepared<R> },
): (db: Database, values: V) => Promise<R> {
  const built = new Map<unknown, Prepared<R>>();
  return (db, values) => {
    const session = db._.session as unknown as { client: unknown };
    let query = built.get(session.constructor);
    if (!query) {
      query = build(db).prepare(name);
      built.set(session.constructor, query);
    }
    const bound: Prepared<R> = Object.create(query, { client: { value: session.client } });
    return bound.execute(values);
  };
}

/**
 * A placeholder where Drizzle's types want SQL (an update's `.set`). Its value is sent as is,
 * without the column's encoding: pass strings, numbers, booleans or null (dates as ISO strings).
 */
export const placeholder = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** `{ key: sql.placeholder("key") }` for each key: the values of an insert built once. */
export function placeholders<K extends string>(...keys: K[]): { [P in K]: Placeholder<P> } {
  return Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as { [P in K]: Placeholder<P> };
}
