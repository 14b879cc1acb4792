import type Stripe from "stripe";
import type { Database } from "@/db";
import type { Job } from "@/db/schema";
import type { JobFailure } from "./errors";

/** Spaces calls per account under a rate limit; resolves when it is this account's turn. */
export interface Pacer {
  acquire(account: string, livemode: boolean): Promise<number>;
}

/** What jobs may use besides the database (the app's come from lib/stripe/job-deps.ts). */
export interface JobDeps {
  /** The platform client, with the SDK's own retries off: the runner decides about retrying. */
  stripe: () => Stripe;
  /** The platform's test-mode client, when STRIPE_TEST_SECRET_KEY is set (a live connection's test events). */
  testStripe?: () => Stripe | null;
  /** The process's rate-limit budget per connected account. */
  pacer: Pacer;
}

export interface JobContext {
  db: Database;
  job: Job;
  deps: JobDeps;
}

export interface JobHandler {
  /** Does the work; throwing hands the error to the runner (see classifyJobError). */
  run(ctx: JobContext): Promise<void>;
  /** Reads errors of the services the handler calls (Stripe's); undefined leaves it to classifyJobError. */
  classifyError?(error: unknown): JobFailure | undefined;
  /**
   * Takes the row locks onFailed will need, first in the transaction that fails the job, so they
   * are taken in the same order as code that queues work (its rows, then the job's): no deadlock.
   */
  lockForFailure?(db: Database, job: Job): Promise<void>;
  /** Runs in the transaction that fails the job for good, to record why where users see it. */
  onFailed?(db: Database, job: Job, message: string): Promise<void>;
}
