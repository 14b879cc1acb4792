/**
 * The durable job runner (see JobRunner). Just over 300 lines: claiming, running, ending and
 * renewing locks are one loop's steps and share its in-flight table.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "@/db";
import { claimJobs, endJobRun, type JobEnd, pendingJobs, renewJobLocks } from "@/db/queries/jobs";
import type { Job } from "@/db/schema";
import { type BackoffPolicy, backoffDelay, classifyJobError, DEFAULT_BACKOFF } from "./errors";
import { registeredJobHandlers } from "./registry";
import type { JobDeps, JobHandler } from "./types";

export interface RunnerOptions {
  /** Jobs in flight at once (they mostly wait on Stripe and the pacer). */
  concurrency?: number;
  /** How often an idle runner looks for due work when nobody wakes it. */
  pollMs?: number;
  /** A running job whose lock is older than this is taken to be orphaned by a dead process. */
  staleAfterMs?: number;
  backoff?: BackoffPolicy;
  handlers?: Record<string, JobHandler>;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface RunnerStats {
  done: number;
  failed: number;
  retried: number;
  lost: number;
}

export const DEFAULT_STALE_AFTER_MS = 60_000;

/**
 * Runs durable jobs: claims due ones in batches (FOR UPDATE SKIP LOCKED, so several processes
 * can share the queue), runs up to `concurrency` at once, and ends each as done, queued again
 * with backoff, or failed with the reason. Locks are renewed while a job runs; a process that
 * dies leaves its jobs `running` with an old lock, and any runner reclaims them once stale.
 */
export class JobRunner {
  readonly stats: RunnerStats = { done: 0, failed: 0, retried: 0, lost: 0 };
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly staleAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly ownHandlers: Record<string, JobHandler> | undefined;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  private readonly runnerId = randomBytes(6).toString("hex");
  private claims = 0;
  private readonly inFlight = new Map<string, { token: string; done: Promise<void> }>();
  private signal: (() => void) | null = null;
  /** A wake-up that came while the loop was busy: the next wait returns at once. */
  private woken = false;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** When the retries this runner scheduled fall due (other processes' are found by polling). */
  private retryTimes: number[] = [];

  constructor(
    private readonly getDb: () => Promise<Database>,
    private readonly deps: JobDeps,
    options: RunnerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 16;
    this.pollMs = options.pollMs ?? 1_000;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.ownHandlers = options.handlers;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((message) => console.warn(message));
  }

  /** Read when the loop starts, so kinds registered after the runner was made are worked too. */
  private get handlers(): Record<string, JobHandler> {
    return this.ownHandlers ?? registeredJobHandlers();
  }

  /** Runs in the background until stop(). */
  start(): this {
    if (!this.loopDone) {
      this.stopping = false;
      this.loopDone = this.keepRunning();
    }
    return this;
  }

  /** A lost database connection must not end background processing for good: start over shortly. */
  private async keepRunning(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.loop(false);
      } catch (error) {
        this.log(`Job runner error, restarting: ${error instanceof Error ? error.message : error}`);
        await this.waitForSignal(5 * this.pollMs);
      }
    }
  }

  /** Stops claiming and waits for the jobs in flight (whatever is cut short is reclaimed later). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.loopDone = null;
  }

  /** Looks for work now rather than at the next poll. */
  wake(): void {
    const signal = this.signal;
    this.signal = null;
    if (signal) signal();
    else this.woken = true;
  }

  /** Runs until no job of a known kind is waiting or running (backoffs included), or the deadline. */
  async runUntilIdle(options: { timeoutMs?: number } = {}): Promise<RunnerStats> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    this.stopping = false;
    await this.loop(true, deadline);
    return this.stats;
  }

  private async loop(untilIdle: boolean, deadline = Number.POSITIVE_INFINITY): Promise<void> {
    const db = await this.getDb();
    const kinds = Object.keys(this.handlers);
    this.startHeartbeat(db);
    try {
      while (!this.stopping) {
        if (Date.now() > deadline) throw new Error("jobs did not finish before the deadline");
        const free = this.concurrency - this.inFlight.size;
        const claimed = free > 0 ? await this.claim(db, kinds, free) : [];
        if (free > 0 && claimed.length === free) continue;
        let waitMs = this.pollMs;
        const nowMs = this.now().getTime();
        this.retryTimes = this.retryTimes.filter((t) => t > nowMs);
        if (this.retryTimes.length > 0) waitMs = Math.min(waitMs, Math.min(...this.retryTimes) - nowMs + 1);
        if (untilIdle && this.inFlight.size === 0 && claimed.length === 0) {
          const { open, nextRunAt } = await pendingJobs(db, kinds);
          if (open === 0) return;
          if (nextRunAt) waitMs = Math.max(5, Math.min(waitMs, nextRunAt.getTime() - this.now().getTime()));
        }
        await this.waitForSignal(waitMs);
      }
    } finally {
      await Promise.all([...this.inFlight.values()].map((f) => f.done));
      this.stopHeartbeat();
    }
  }

  private async claim(db: Database, kinds: string[], limit: number): Promise<Job[]> {
    const now = this.now();
    const token = `${this.runnerId}:${++this.claims}`;
    let jobs: Job[];
    try {
      jobs = await claimJobs(db, {
        kinds,
        limit,
        now,
        staleBefore: new Date(now.getTime() - this.staleAfterMs),
        token,
      });
    } catch (error) {
      this.log(`Could not claim jobs: ${errorText(error)}`);
      return [];
    }
    for (const job of jobs) {
      const done = this.execute(db, job, token).finally(() => {
        // A job asked for again mid-run may already be claimed anew (same id, new token).
        if (this.inFlight.get(job.id)?.token === token) this.inFlight.delete(job.id);
        this.wake();
      });
      this.inFlight.set(job.id, { token, done });
    }
    return jobs;
  }

  private async execute(db: Database, job: Job, token: string): Promise<void> {
    const handler = this.handlers[job.kind]!;
    let end: JobEnd;
    try {
      await handler.run({ db, job, deps: this.deps });
      end = { kind: "done" };
    } catch (error) {
      const failure = handler.classifyError?.(error) ?? classifyJobError(error);
      if (failure.retryable && (failure.rateLimited || job.attempts < job.maxAttempts)) {
        const delay = backoffDelay(job.attempts, failure, this.backoff);
        this.retryTimes.push(this.now().getTime() + delay);
        end = {
          kind: "retry",
          at: new Date(this.now().getTime() + delay),
          error: failure.message,
          refundAttempt: failure.rateLimited,
        };
      } else {
        end = { kind: "failed", error: failure.message };
      }
    }
    // Ending is idempotent (it only applies to our claim), so a failed attempt (a lost connection,
    // a deadlock victim) is simply tried again; after that the job is reclaimed once stale.
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await db.transaction(async (tx) => {
          if (end.kind === "failed") await handler.lockForFailure?.(tx, job);
          const ended = await endJobRun(tx, { id: job.id, token, end, now: this.now() });
          if (ended?.status === "failed" && end.kind === "failed")
            await handler.onFailed?.(tx, ended, end.error);
          return ended;
        });
        if (!row) this.stats.lost++;
        else if (end.kind === "retry") this.stats.retried++;
        else if (row.status === "failed") this.stats.failed++;
        else if (row.status === "done") this.stats.done++;
        return;
      } catch (error) {
        if (attempt >= 5) {
          // The job stays `running` and is reclaimed once its lock is stale.
          this.log(`Could not record the end of job ${job.id}: ${errorText(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }

  private waitForSignal(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.signal === done) this.signal = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal = done;
    });
  }

  private startHeartbeat(db: Database) {
    this.stopHeartbeat();
    this.heartbeat = setInterval(
      () => {
        const byToken = new Map<string, string[]>();
        for (const [id, { token }] of this.inFlight) byToken.set(token, [...(byToken.get(token) ?? []), id]);
        for (const [token, ids] of byToken) {
          renewJobLocks(db, ids, token, this.now()).catch((error: unknown) =>
            this.log(`Could not renew job locks: ${error instanceof Error ? error.message : error}`),
          );
        }
      },
      Math.max(50, this.staleAfterMs / 3),
    );
    this.heartbeat.unref();
  }

  private stopHeartbeat() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

/** A database error with its cause (drizzle puts the driver's message there). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message.split("\n")[0]}${cause}`;
}

/** Drives the queue from a test or a script until nothing is left to do. */
export function runJobsUntilIdle(
  db: Database,
  deps: JobDeps,
  options: RunnerOptions & { timeoutMs?: number } = {},
): Promise<RunnerStats> {
  return new JobRunner(async () => db, deps, options).runUntilIdle({ timeoutMs: options.timeoutMs });
}

const shared = globalThis as { leadtrailJobRunner?: JobRunner };

/**
 * Starts the process's runner (the server calls this once). Kept on globalThis so server actions,
 * which Next loads as separate module copies, can wake the same runner.
 */
export function startJobRunner(
  getDb: () => Promise<Database>,
  deps: JobDeps,
  options: RunnerOptions = {},
): JobRunner {
  shared.leadtrailJobRunner ??= new JobRunner(getDb, deps, options).start();
  return shared.leadtrailJobRunner;
}

export async function stopJobRunner(): Promise<void> {
  const runner = shared.leadtrailJobRunner;
  shared.leadtrailJobRunner = undefined;
  await runner?.stop();
}

/** After committing new jobs: start them now instead of at the next poll (no-op without a runner). */
export function wakeJobRunner(): void {
  shared.leadtrailJobRunner?.wake();
}
