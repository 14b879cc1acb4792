import type { Database } from "@/db";
import { addToWindows, deleteWindow, readWindow, setWindow, type WindowCount } from "@/db/queries/limits";

export type { WindowCount };

/**
 * Fixed-window counters. On PostgreSQL they live in the database so every process counts
 * together (SPEC §13); on PGlite (one process by construction: it cannot be shared) in memory.
 */
export interface LimitStore {
  /** True when other processes see the same counters (the database store). */
  readonly shared: boolean;
  add(entries: { key: string; points: number; windowMs: number }[]): Promise<WindowCount[]>;
  read(key: string): Promise<WindowCount | null>;
  set(key: string, count: number, windowMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export function databaseStore(db: Database): LimitStore {
  return {
    shared: true,
    add: (entries) => addToWindows(db, entries),
    read: (key) => readWindow(db, key),
    set: (key, count, windowMs) => setWindow(db, key, count, windowMs),
    delete: (key) => deleteWindow(db, key),
  };
}

export function memoryStore(now: () => number = Date.now): LimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweptAt = now();
  const live = (key: string) => {
    const w = windows.get(key);
    if (w && w.resetAt > now()) return w;
    if (w) windows.delete(key);
    return null;
  };
  const sweep = () => {
    // Expired windows are dropped once a minute so an address scan cannot grow the map for ever.
    if (now() - sweptAt < 60_000) return;
    sweptAt = now();
    for (const [key, w] of windows) if (w.resetAt <= sweptAt) windows.delete(key);
  };
  return {
    shared: false,
    async add(entries) {
      sweep();
      return entries.map(({ key, points, windowMs }) => {
        let w = live(key);
        if (!w) {
          w = { count: 0, resetAt: now() + windowMs };
          windows.set(key, w);
        }
        w.count += points;
        return { key, count: w.count, resetInMs: w.resetAt - now() };
      });
    },
    async read(key) {
      const w = live(key);
      return w ? { key, count: w.count, resetInMs: w.resetAt - now() } : null;
    },
    async set(key, count, windowMs) {
      windows.set(key, { count, resetAt: now() + windowMs });
    },
    async delete(key) {
      windows.delete(key);
    },
  };
}
