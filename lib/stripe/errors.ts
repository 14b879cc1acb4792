import Stripe from "stripe";

/**
 * How a failed Stripe call should be treated by whoever retries it (the job runner; the SDK's
 * own retries are off for job calls). Stripe's `Stripe-Should-Retry` header wins when present;
 * otherwise rate limits, lock conflicts, 5xx and network failures are worth another try, and
 * every other 4xx is final: the same request would fail the same way.
 */
export interface StripeFailure {
  retryable: boolean;
  rateLimited: boolean;
  /** From Retry-After, when Stripe sent one. */
  retryAfterMs: number | null;
  /** Stripe's own message, for the merchant. */
  message: string;
  status: number | null;
  code: string | null;
}

export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError;
}

export function classifyStripeError(error: Stripe.errors.StripeError): StripeFailure {
  const status = error.statusCode ?? null;
  const headers = (error.headers ?? {}) as Record<string, string | undefined>;
  const shouldRetry = headers["stripe-should-retry"];
  const rateLimited = status === 429 || error instanceof Stripe.errors.StripeRateLimitError;
  let retryable =
    rateLimited ||
    error instanceof Stripe.errors.StripeConnectionError ||
    status === null ||
    status === 409 ||
    status >= 500;
  if (error instanceof Stripe.errors.StripeIdempotencyError) retryable = false;
  if (shouldRetry === "true") retryable = true;
  if (shouldRetry === "false") retryable = false;
  return {
    retryable,
    rateLimited,
    retryAfterMs: parseRetryAfter(headers["retry-after"]),
    message: error.message,
    status,
    code: error.code ?? null,
  };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** Stripe's "No such …" answer for an object that does not exist in this account. */
export function isResourceMissing(error: unknown, param?: string): boolean {
  return (
    isStripeError(error) &&
    error.code === "resource_missing" &&
    (param === undefined || error.param === param)
  );
}

/** Stripe's answer to a code that an active promotion code already has. */
export function isAlreadyExists(error: unknown): boolean {
  return isStripeError(error) && error.code === "resource_already_exists";
}
