/**
 * A token bucket per account (the Stripe-Account header, or the platform), holding up to one
 * second's worth of requests — Stripe's limits are per second per account, and short bursts above
 * the steady rate are what trip them.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private perSecond: number | null,
    private clock: () => number = () => performance.now(),
  ) {}

  set(perSecond: number | null): void {
    this.perSecond = perSecond;
    this.buckets.clear();
  }

  /** Takes one token; false means the request is over the limit. */
  take(key: string): boolean {
    if (this.perSecond === null) return true;
    const capacity = Math.max(1, this.perSecond);
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
