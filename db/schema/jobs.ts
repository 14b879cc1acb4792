import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    /** The claim's token: only the worker holding it may finish the job (a reclaimed job has a new one). */
    lockedBy: text(),
    /**
     * Asked for again while running (a dedupe key admits one queued-or-running job): the job is
     * queued once more when the current run ends, so a change made mid-run is never lost.
     */
    rerun: boolean().notNull().default(false),
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
