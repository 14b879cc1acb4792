import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";

/** Durable background jobs, claimed with FOR UPDATE SKIP LOCKED. */
export const jobs = pgTable(
  "jobs",
  {
    id: text().primaryKey(),
    merchantId: text(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Collapses repeated requests for the same work while one is waiting. */
    dedupeKey: text(),
    status: text({ enum: ["queued", "running", "done", "failed"] })
      .notNull()
      .default("queued"),
    runAt: tstz().notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(10),
    lastError: text(),
    lockedAt: tstz(),
    finishedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    index("jobs_ready_idx").on(t.status, t.runAt),
    index("jobs_merchant_idx").on(t.merchantId, t.kind, t.createdAt),
    uniqueIndex("jobs_dedupe_key").on(t.dedupeKey).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

export type Job = typeof jobs.$inferSelect;
