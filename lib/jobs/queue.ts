import type { Database } from "@/db";
import { insertUnkeyedJob, type NewJob, upsertJobs } from "@/db/queries/jobs";
import type { Job } from "@/db/schema";

export type { NewJob } from "@/db/queries/jobs";

const CHUNK = 500;

/**
 * Puts work on the durable queue, on the caller's transaction so the job exists exactly when
 * the change that asked for it does. A dedupe key collapses repeated requests for the same work
 * (see upsertJobs); wake the runner after commit (wakeJobRunner) for it to start at once.
 */
export async function enqueueJob(db: Database, input: NewJob, now = new Date()): Promise<Job> {
  const [job] = await upsertJobs(db, [input], now);
  return job!;
}

/** Many at once; a key given twice keeps its last payload (one statement may not touch a row twice). */
export async function enqueueJobs(db: Database, inputs: NewJob[], now = new Date()): Promise<Job[]> {
  const byKey = new Map<string, NewJob>();
  const unkeyed: NewJob[] = [];
  for (const input of inputs) {
    if (input.dedupeKey) byKey.set(input.dedupeKey, input);
    else unkeyed.push(input);
  }
  const all = [...byKey.values(), ...unkeyed];
  const out: Job[] = [];
  for (let i = 0; i < all.length; i += CHUNK)
    out.push(...(await upsertJobs(db, all.slice(i, i + CHUNK), now)));
  return out;
}

/** A job only this change asks for (no dedupe key, due now), at the cost of one prepared insert. */
export async function enqueueUnkeyedJob(
  db: Database,
  input: { kind: string; merchantId: string | null; payload: Record<string, unknown>; maxAttempts?: number },
): Promise<void> {
  await insertUnkeyedJob(db, { ...input, maxAttempts: input.maxAttempts ?? 10 });
}
