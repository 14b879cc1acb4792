import type { JobFailure } from "@/lib/jobs/errors";
import type { JobDeps } from "@/lib/jobs/types";
import { jobStripeClient, jobTestStripeClient } from "./client";
import { classifyStripeError, isStripeError } from "./errors";
import { sharedStripePacer } from "./pacing";

/** The deps the app's jobs use: the job Stripe client (no SDK retries) and the process's pacer. */
export function stripeJobDeps(): JobDeps {
  return {
    stripe: () => jobStripeClient(),
    testStripe: () => jobTestStripeClient(),
    pacer: sharedStripePacer(),
  };
}

/**
 * For handlers that call Stripe: its rate limits, conflicts, 5xx and network trouble are retried;
 * its other 4xx are final with Stripe's message. Other errors are left to the runner.
 */
export function stripeJobFailure(error: unknown): JobFailure | undefined {
  if (!isStripeError(error)) return undefined;
  const f = classifyStripeError(error);
  return {
    retryable: f.retryable,
    rateLimited: f.rateLimited,
    retryAfterMs: f.retryAfterMs,
    message: f.message,
  };
}
