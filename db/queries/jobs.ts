import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { newId } from "@/lib/ids";
import type { Database } from "../index";
import { reusable } from "../reusable";
import { type Job, jobs } from "../schema";

/** The durable job queue's SQL (lib/jobs/ holds the rules around it). */

export interface NewJob {
  kind: string;
  merchantId: string | null;
  payload: Record<string, unknown>;
  dedupeKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Inserts jobs; one whose dedupe key already names a waiting or running job joins it instead:
 * a waiting one takes the new payload fields and runs no later than asked, with fresh attempts;
 * a running one is marked to run again once it ends (it may have read the state before the
 * change that asked for it). Returns one row per input.
 */
export async function upsertJobs(db: Database, inputs: NewJob[], now: Date): Promise<Job[]> {
  if (inputs.length === 0) return [];
  return db
    .insert(jobs)
    .values(
      inputs.map((input) => ({
        id: newId("job"),
        kind: input.kind,
        merchantId: input.merchantId,
        payload: input.payload,
        dedupeKey: input.dedupeKey ?? null,
        runAt: input.runAt ?? now,
        maxAttempts: input.maxAttempts ?? 10,
      })),
    )
    .onConflictDoUpdate({
      target: jobs.dedupeKey,
      targetWhere: sql`${jobs.status} in ('queued', 'running')`,
      set: {
        payload: sql`${jobs.payload} || excluded.payload`,
        runAt: sql`case when ${jobs.status} = 'queued' then least(${jobs.runAt}, excluded.run_at) else ${jobs.runAt} end`,
        attempts: sql`case when ${jobs.status} = 'queued' then 0 else ${jobs.attempts} end`,
        maxAttempts: sql`excluded.max_attempts`,
        rerun: sql`${jobs.status} = 'running'`,
      },
    })
    .returning();
}

const insertUnkeyedJobQuery = reusable("job_insert_unkeyed", (db) =>
  db.insert(jobs).values({
    id: sql.placeholder("id"),
    kind: sql.placeholder("kind"),
    merchantId: sql.placeholder("merchantId"),
    // Sent as text and cast here, so both drivers pass the JSON through unchanged.
    payload: sql`${sql.placeholder("payload")}::text::jsonb`,
    maxAttempts: sql.placeholder("maxAttempts"),
  }),
);

/** One job with no dedupe key, due now: a statement built once, for hot paths (db/reusable.ts). */
export async function insertUnkeyedJob(
  db: Database,
  job: { kind: string; merchantId: string | null; payload: Record<string, unknown>; maxAttempts: number },
) {
  await insertUnkeyedJobQuery(db, {
    id: newId("job"),
    kind: job.kind,
    merchantId: job.merchantId,
    payload: JSON.stringify(job.payload),
    maxAttempts: job.maxAttempts,
  });
}

/**
 * Claims up to `limit` jobs that are due, plus `running` ones whose worker stopped renewing its
 * lock before `staleBefore` (the process died): FOR UPDATE SKIP LOCKED lets several workers claim
 * at once without taking the same job. Each claim gets a new token and counts as an attempt.
 */
export async function claimJobs(
  db: Database,
  params: { kinds: string[]; limit: number; now: Date; staleBefore: Date; token: string },
): Promise<Job[]> {
  if (params.limit <= 0 || params.kinds.length === 0) return [];
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, params.kinds),
        or(
          and(eq(jobs.status, "queued"), sql`${jobs.runAt} <= ${params.now.toISOString()}::timestamptz`),
          and(eq(jobs.status, "running"), lt(jobs.lockedAt, params.staleBefore)),
        ),
      ),
    )
    .orderBy(asc(jobs.runAt), asc(jobs.createdAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobs)
    .set({
      status: "running",
      lockedAt: params.now,
      lockedBy: params.token,
      attempts: sql`${jobs.attempts} + 1`,
      rerun: false,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

/** Keeps the claim of jobs still being worked on from looking stale. */
export async function renewJobLocks(db: Database, ids: string[], token: string, now: Date) {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ lockedAt: now })
    .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, token), eq(jobs.status, "running")));
}

export type JobEnd =
  | { kind: "done" }
  | { kind: "retry"; at: Date; error: string; refundAttempt: boolean }
  | { kind: "failed"; error: string };

/**
 * Ends the run of a claimed job, only if the claim is still ours (a job reclaimed as stale has
 * another token). A job asked for again meanwhile is queued at once with fresh attempts instead.
 * Returns the row as it ends up, or null when the claim was lost.
 */
export async function endJobRun(
  db: Database,
  params: { id: string; token: string; end: JobEnd; now: Date },
): Promise<Job | null> {
  const { end } = params;
  // ISO strings, not Dates: raw SQL parameters bypass the column's own mapping.
  const now = params.now.toISOString();
  const rerun = sql`${jobs.rerun}`;
  const status =
    end.kind === "retry"
      ? sql`'queued'`
      : sql`case when ${rerun} then 'queued' else ${end.kind === "done" ? "done" : "failed"} end`;
  const runAt =
    end.kind === "retry"
      ? sql`case when ${rerun} then ${now}::timestamptz else ${end.at.toISOString()}::timestamptz end`
      : sql`case when ${rerun} then ${now}::timestamptz else ${jobs.runAt} end`;
  const attempts =
    end.kind === "retry" && end.refundAttempt
      ? sql`case when ${rerun} then 0 else greatest(${jobs.attempts} - 1, 0) end`
      : sql`case when ${rerun} then 0 else ${jobs.attempts} end`;
  const [row] = await db
    .update(jobs)
    .set({
      status: status as never,
      runAt: runAt as never,
      attempts: attempts as never,
      lastError: end.kind === "done" ? null : end.error,
      finishedAt:
        end.kind === "retry"
          ? null
          : (sql`case when ${rerun} then null else ${now}::timestamptz end` as never),
      lockedAt: null,
      lockedBy: null,
      rerun: false,
    })
    .where(and(eq(jobs.id, params.id), eq(jobs.lockedBy, params.token), eq(jobs.status, "running")))
    .returning();
  return row ?? null;
}

/** Whether any job of these kinds is waiting or running, and when the next waiting one is due. */
export async function pendingJobs(db: Database, kinds: string[]) {
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      nextRunAt: sql<Date | string | null>`min(${jobs.runAt}) filter (where ${jobs.status} = 'queued')`,
    })
    .from(jobs)
    .where(and(inArray(jobs.kind, kinds), inArray(jobs.status, ["queued", "running"])));
  const next = row?.nextRunAt ?? null;
  return { open: row?.open ?? 0, nextRunAt: next === null ? null : new Date(next) };
}
