import { AppError } from "@/lib/errors";
import type { Rule } from "./rules";
import type { LimitStore } from "./store";

export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (for Retry-After and RateLimit-Reset), at least 1. */
  resetSeconds: number;
}

/** Counts one request (or `points`) against `rule` for `key`; over the limit is refused. */
export async function consume(store: LimitStore, key: string, rule: Rule, points = 1): Promise<Decision> {
  const [window] = await store.add([{ key, points, windowMs: rule.windowMs }]);
  return decide(rule.points, window!.count, window!.resetInMs);
}

export function decide(limit: number, count: number, resetInMs: number): Decision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
  };
}

/** RateLimit-* (IETF draft, as GitHub and others send them) for an allowed or refused request. */
export function rateLimitHeaders(decision: Decision): Record<string, string> {
  return {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(decision.resetSeconds),
  };
}

/** "a minute", "3 minutes": for messages people read. */
export function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "a second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}

/** The JSON 429 every limited endpoint answers with. */
export function tooManyRequests(decision: Decision, message: string): Response {
  return Response.json(
    {
      error: { code: "rate_limited", message: `${message} Try again in ${waitText(decision.resetSeconds)}.` },
    },
    {
      status: 429,
      headers: { "retry-after": String(decision.resetSeconds), ...rateLimitHeaders(decision) },
    },
  );
}

/**
 * A refusal thrown through code that answers with AppErrors (route wrappers, actions): 429, the
 * message with when to retry, and the headers a 429 carries.
 */
export class RateLimitedError extends AppError {
  constructor(
    readonly decision: Decision,
    message: string,
  ) {
    super(429, "rate_limited", `${message} Try again in ${waitText(decision.resetSeconds)}.`);
    this.name = "RateLimitedError";
  }

  get headers(): Record<string, string> {
    return { "retry-after": String(this.decision.resetSeconds), ...rateLimitHeaders(this.decision) };
  }
}
