/**
 * An awaitable token bucket: `take()` resolves when the caller may go. Callers reserve their
 * slot up front (the balance may go negative), so waiting callers leave in arrival order and
 * the rate holds however many are queued.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) throw new Error("a token bucket needs a positive rate");
    this.tokens = capacity;
    this.at = clock();
  }

  /** Milliseconds the caller had to wait. */
  async take(): Promise<number> {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const waitMs = (-this.tokens / this.perSecond) * 1000;
    await this.sleep(waitMs);
    return waitMs;
  }
}
