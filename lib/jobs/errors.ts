/** A handler's verdict that another attempt cannot succeed; the message is for the merchant. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** A handler's verdict that the job should run again later (optionally not before `afterMs`). */
export class RetryableJobError extends Error {
  constructor(
    message: string,
    readonly afterMs: number | null = null,
  ) {
    super(message);
    this.name = "RetryableJobError";
  }
}

export interface JobFailure {
  retryable: boolean;
  /** Rate limits are the system's doing, not the job's: they do not use up its attempts. */
  rateLimited: boolean;
  retryAfterMs: number | null;
  message: string;
}

/**
 * A handler's own verdicts; errors its classifyError does not know (a database hiccup, a bug)
 * are retried until the job runs out of attempts, so nothing is dropped silently.
 */
export function classifyJobError(error: unknown): JobFailure {
  if (error instanceof PermanentJobError) {
    return { retryable: false, rateLimited: false, retryAfterMs: null, message: error.message };
  }
  if (error instanceof RetryableJobError) {
    return { retryable: true, rateLimited: false, retryAfterMs: error.afterMs, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { retryable: true, rateLimited: false, retryAfterMs: null, message };
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Exponential backoff with jitter: attempt n waits between half and all of base·2^(n-1), capped,
 * so a crowd of jobs that failed together does not come back together. Retry-After is a floor.
 */
export function backoffDelay(
  attempt: number,
  failure: Pick<JobFailure, "rateLimited" | "retryAfterMs">,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  // A rate limit clears within about a second; it needs spacing, not a long wait.
  const base = failure.rateLimited ? Math.min(policy.baseMs, 500) : policy.baseMs;
  const ceiling = Math.min(policy.maxMs, base * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, failure.retryAfterMs ?? 0);
}
