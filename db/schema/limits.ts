import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * Rate-limit counters shared by every process (lib/limits): one fixed window per key. `resetAt`
 * is in milliseconds since the epoch, as the database's clock reads it, so processes on
 * machines whose clocks disagree still count the same window. Unlogged would be faster but
 * drizzle-kit cannot say so; rows are few and short-lived (a sweep removes expired ones).
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    count: integer().notNull(),
    resetAt: bigint({ mode: "number" }).notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);
