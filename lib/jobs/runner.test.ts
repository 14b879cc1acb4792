import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { claimJobs, endJobRun } from "@/db/queries/jobs";
import { type Job, jobs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { stripeJobFailure } from "@/lib/stripe/job-deps";
import { unpaced } from "@/lib/stripe/pacing";
import { backoffDelay, PermanentJobError, RetryableJobError } from "./errors";
import { enqueueJob, enqueueJobs } from "./queue";
import { registerJobHandler } from "./registry";
import { JobRunner, runJobsUntilIdle } from "./runner";
import { TokenBucket } from "./token-bucket";
import type { JobHandler } from "./types";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

const deps = { stripe: () => new Stripe("sk_test_unused"), pacer: unpaced };
const fast = { backoff: { baseMs: 2, maxMs: 10 }, pollMs: 20 };
const job = async (id: string) => (await handle.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

function stripeError(statusCode: number, message: string) {
  const raw = {
    message,
    type: statusCode >= 500 ? ("api_error" as const) : ("invalid_request_error" as const),
    statusCode,
  };
  return statusCode === 429
    ? new Stripe.errors.StripeRateLimitError(raw)
    : statusCode >= 500
      ? new Stripe.errors.StripeAPIError(raw)
      : new Stripe.errors.StripeInvalidRequestError(raw);
}

describe("the job runner", () => {
  it("works the kinds domains registered (the first registration of each), and leaves a kind nobody registered waiting", async () => {
    const ran: string[] = [];
    registerJobHandler("test.registered", {
      async run({ job }) {
        ran.push(job.id);
      },
    });
    // A later module copy (Next bundles server actions apart) does not replace the runner's own.
    registerJobHandler("test.registered", {
      async run() {
        throw new Error("the second registration ran");
      },
    });
    const known = await enqueueJob(handle.db, { kind: "test.registered", merchantId: null, payload: {} });
    const unknown = await enqueueJob(handle.db, { kind: "test.unregistered", merchantId: null, payload: {} });
    await runJobsUntilIdle(handle.db, deps, { ...fast, timeoutMs: 10_000 });
    expect(ran).toEqual([known.id]);
    expect(await job(known.id)).toMatchObject({ status: "done" });
    expect(await job(unknown.id)).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("runs a job once however often it was asked for while waiting, and again if asked while running", async () => {
    const runs: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handlers: Record<string, JobHandler> = {
      "test.dedupe": {
        async run({ job }) {
          runs.push(String(job.payload.n));
          if (runs.length === 1) await gate;
        },
      },
    };
    const first = await enqueueJob(handle.db, {
      kind: "test.dedupe",
      merchantId: null,
      payload: { n: 1 },
      dedupeKey: "k1",
    });
    const again = await enqueueJob(handle.db, {
      kind: "test.dedupe",
      merchantId: null,
      payload: { n: 2 },
      dedupeKey: "k1",
    });
    expect(again.id).toBe(first.id);

    const runner = new JobRunner(async () => handle.db, deps, { ...fast, handlers });
    const done = runner.runUntilIdle({ timeoutMs: 10_000 });
    while (runs.length === 0) await new Promise((r) => setTimeout(r, 5));
    // Asked again mid-run (the state it read may be stale): it runs once more afterwards.
    const during = await enqueueJob(handle.db, {
      kind: "test.dedupe",
      merchantId: null,
      payload: { n: 3 },
      dedupeKey: "k1",
    });
    expect(during).toMatchObject({ id: first.id, status: "running", rerun: true });
    release();
    await done;
    expect(runs).toEqual(["2", "3"]);
    expect(await job(first.id)).toMatchObject({ status: "done", rerun: false, lockedBy: null });
  });

  it("retries with backoff; rate limits do not use up attempts; 4xx and exhausted attempts fail with the reason", async () => {
    const calls: Record<string, number> = {};
    const failures: string[] = [];
    const handlers: Record<string, JobHandler> = {
      "test.retry": {
        async run({ job }) {
          const name = String(job.payload.name);
          calls[name] = (calls[name] ?? 0) + 1;
          if (name === "flaky" && calls[name]! < 3) throw stripeError(503, "An unknown error occurred");
          if (name === "limited" && calls[name]! < 12) throw stripeError(429, "Too many requests");
          if (name === "refused") throw stripeError(400, "No such coupon: 'nope'");
          if (name === "doomed") throw new RetryableJobError("still broken");
          if (name === "verdict") throw new PermanentJobError("Code X already exists in Stripe on coupon Y");
        },
        classifyError: stripeJobFailure,
        async onFailed(_db, job, message) {
          failures.push(`${job.payload.name}: ${message}`);
        },
      },
    };
    const rows = await enqueueJobs(
      handle.db,
      ["flaky", "limited", "refused", "doomed", "verdict"].map((name) => ({
        kind: "test.retry",
        merchantId: null,
        payload: { name },
        maxAttempts: 4,
      })),
    );
    await runJobsUntilIdle(handle.db, deps, { ...fast, handlers, timeoutMs: 20_000 });
    const byName = Object.fromEntries(
      await Promise.all(rows.map(async (r) => [String(r.payload.name), await job(r.id)] as const)),
    ) as Record<string, Job>;
    expect(byName.flaky).toMatchObject({ status: "done", attempts: 3, lastError: null });
    expect(byName.limited).toMatchObject({ status: "done", attempts: 1 });
    expect(byName.refused).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "No such coupon: 'nope'",
    });
    expect(byName.doomed).toMatchObject({ status: "failed", attempts: 4, lastError: "still broken" });
    expect(calls).toMatchObject({ flaky: 3, limited: 12, refused: 1, doomed: 4, verdict: 1 });
    expect(failures.sort()).toEqual([
      "doomed: still broken",
      "refused: No such coupon: 'nope'",
      "verdict: Code X already exists in Stripe on coupon Y",
    ]);
  });

  it("reclaims a job whose worker died, and the dead worker's late answer is ignored", async () => {
    const ran: string[] = [];
    const handlers: Record<string, JobHandler> = {
      "test.orphan": {
        async run({ job }) {
          ran.push(job.id);
        },
      },
    };
    const orphan = await enqueueJob(handle.db, { kind: "test.orphan", merchantId: null, payload: {} });
    const [claimed] = await claimJobs(handle.db, {
      kinds: ["test.orphan"],
      limit: 1,
      now: new Date(),
      staleBefore: new Date(0),
      token: "dead-worker",
    });
    expect(claimed?.id).toBe(orphan.id);
    // Not stale yet: nobody takes it.
    const early = new JobRunner(async () => handle.db, deps, { ...fast, handlers, staleAfterMs: 60_000 });
    await expect(early.runUntilIdle({ timeoutMs: 300 })).rejects.toThrow("deadline");
    expect(ran).toEqual([]);

    await new Promise((r) => setTimeout(r, 250));
    await runJobsUntilIdle(handle.db, deps, { ...fast, handlers, staleAfterMs: 200, timeoutMs: 5_000 });
    expect(ran).toEqual([orphan.id]);
    expect(await job(orphan.id)).toMatchObject({ status: "done", attempts: 2 });
    const late = await endJobRun(handle.db, {
      id: orphan.id,
      token: "dead-worker",
      end: { kind: "failed", error: "too late" },
      now: new Date(),
    });
    expect(late).toBeNull();
    expect((await job(orphan.id)).status).toBe("done");
  });

  it("two runners sharing the queue run each job exactly once", async () => {
    const seen = new Map<string, number>();
    const handlers: Record<string, JobHandler> = {
      "test.shared": {
        async run({ job }) {
          seen.set(job.id, (seen.get(job.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 2));
        },
      },
    };
    const rows = await enqueueJobs(
      handle.db,
      Array.from({ length: 60 }, (_, i) => ({ kind: "test.shared", merchantId: null, payload: { i } })),
    );
    await Promise.all([
      runJobsUntilIdle(handle.db, deps, { ...fast, handlers, concurrency: 4 }),
      runJobsUntilIdle(handle.db, deps, { ...fast, handlers, concurrency: 4 }),
    ]);
    expect(seen.size).toBe(60);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(rows.length).toBe(60);
  });
});

describe("backoff and pacing", () => {
  it("backs off exponentially with jitter, capped, never sooner than Retry-After", () => {
    const policy = { baseMs: 1_000, maxMs: 60_000 };
    const plain = { rateLimited: false, retryAfterMs: null };
    expect(backoffDelay(1, plain, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, plain, policy, () => 0.999_999)).toBeCloseTo(1_000, 0);
    expect(backoffDelay(4, plain, policy, () => 1)).toBe(8_000);
    expect(backoffDelay(30, plain, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(1, { rateLimited: true, retryAfterMs: null }, policy, () => 1)).toBe(500);
    expect(backoffDelay(1, { rateLimited: true, retryAfterMs: 2_000 }, policy, () => 1)).toBe(2_000);
  });

  it("a token bucket lets callers through at its rate, in arrival order", async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = new TokenBucket(
      10,
      2,
      () => now,
      async (ms) => {
        slept.push(ms);
      },
    );
    const waits = await Promise.all(Array.from({ length: 6 }, () => bucket.take()));
    expect(waits.map((w) => Math.round(w))).toEqual([0, 0, 100, 200, 300, 400]);
    now = 10_000;
    expect(await bucket.take()).toBe(0);
    expect(slept).toHaveLength(4);
  });
});
