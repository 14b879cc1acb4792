import { sql } from "drizzle-orm";
import type { Database } from "../index";
import { rows } from "./raw";

export interface WindowCount {
  key: string;
  count: number;
  /** Milliseconds until the window ends, by the database's clock. */
  resetInMs: number;
}

const NOW_MS = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * Adds points to fixed-window counters in one statement, starting a new window where the old
 * one has ended, and returns each counter's total. The row lock taken by the upsert makes
 * concurrent additions from several processes add up exactly. Keys must be distinct.
 */
export async function addToWindows(
  db: Database,
  entries: { key: string; points: number; windowMs: number }[],
): Promise<WindowCount[]> {
  if (entries.length === 0) return [];
  const input = JSON.stringify(entries.map((e) => ({ k: e.key, p: e.points, w: e.windowMs })));
  const result = await rows<{
    key: string;
    count: number;
    reset_at: string | number;
    now_ms: string | number;
  }>(
    db,
    sql`
      insert into rate_limits as r (key, count, reset_at)
      select t.k, t.p, ${NOW_MS} + t.w from jsonb_to_recordset(${input}::jsonb) as t(k text, p int, w bigint)
      on conflict (key) do update set
        count = case when r.reset_at <= ${NOW_MS} then excluded.count else r.count + excluded.count end,
        reset_at = case when r.reset_at <= ${NOW_MS} then excluded.reset_at else r.reset_at end
      returning r.key, r.count, r.reset_at, ${NOW_MS} as now_ms`,
  );
  return result.map((r) => ({
    key: r.key,
    count: Number(r.count),
    resetInMs: Math.max(0, Number(r.reset_at) - Number(r.now_ms)),
  }));
}

/** A counter's current window, or null when it has none running. */
export async function readWindow(db: Database, key: string): Promise<WindowCount | null> {
  const [row] = await rows<{ count: number; reset_at: string | number; now_ms: string | number }>(
    db,
    sql`select count, reset_at, ${NOW_MS} as now_ms from rate_limits where key = ${key} and reset_at > ${NOW_MS}`,
  );
  if (!row) return null;
  return { key, count: Number(row.count), resetInMs: Number(row.reset_at) - Number(row.now_ms) };
}

/** Sets a counter to `count` for a new window of `windowMs` (a block, a lockout). */
export async function setWindow(db: Database, key: string, count: number, windowMs: number): Promise<void> {
  await db.execute(sql`
    insert into rate_limits (key, count, reset_at) values (${key}, ${count}, ${NOW_MS} + ${windowMs})
    on conflict (key) do update set count = excluded.count, reset_at = excluded.reset_at`);
}

export async function deleteWindow(db: Database, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

/** Removes windows that ended; run now and then so the table stays small. */
export async function sweepWindows(db: Database): Promise<void> {
  await db.execute(sql`delete from rate_limits where reset_at < ${NOW_MS} - 60000`);
}
