import type { Rule } from "./rules";
import type { LimitStore } from "./store";

/**
 * Limits for /api/track/* per client address and per merchant (public key), cheap enough for
 * the fast path: a request costs a few Map operations and no I/O.
 *
 * Each process keeps a token bucket per address and per key (rate = the rule, a burst of four
 * seconds' worth for an address, one second's for a key), which stops a flood aimed at one
 * process at once. Every process also adds what it admitted to shared counters in the limit
 * store once a second, in one statement, and reads back the totals of every process; an address
 * or key whose total over the last ten seconds passes the rule's rate is refused by every
 * process until that window ends. So a flood spread over many processes is cut within about a
 * second, at the cost of one small write per process per second rather than one per request.
 */
const SHARED_WINDOW_MS = 10_000;
const IP_BURST_SECONDS = 4;

interface Bucket {
  tokens: number;
  at: number;
}

class Scope {
  readonly buckets = new Map<string, Bucket>();
  readonly blocked = new Map<string, number>();
  pending = new Map<string, number>();
  readonly perMs: number;
  readonly capacity: number;
  readonly sharedLimit: number;
  /** Below this many in one round an id cannot be part of a flood: not worth a row. */
  readonly shareFrom: number;

  constructor(
    readonly name: "ip" | "key",
    rule: Rule,
    burstSeconds: number,
  ) {
    this.perMs = rule.points / rule.windowMs;
    this.capacity = Math.max(rule.points, Math.ceil(this.perMs * 1000 * burstSeconds));
    this.sharedLimit = Math.ceil(this.perMs * SHARED_WINDOW_MS);
    this.shareFrom = Math.max(1, Math.floor(this.perMs * 100));
  }

  /** 0 when admitted, else the milliseconds to wait. */
  take(id: string, now: number): number {
    const until = this.blocked.get(id);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.blocked.delete(id);
    }
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(id, bucket);
    } else {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / this.perMs);
    bucket.tokens -= 1;
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    return 0;
  }

  /** A bucket untouched for as long as it takes to refill is the same as a new one: dropped. */
  forgetIdle(now: number) {
    const refillMs = this.capacity / this.perMs;
    for (const [id, bucket] of this.buckets) if (now - bucket.at > refillMs) this.buckets.delete(id);
    for (const [id, until] of this.blocked) if (until <= now) this.blocked.delete(id);
  }
}

export type TrackVerdict =
  | { allowed: true }
  | { allowed: false; scope: "ip" | "key"; retryAfterSeconds: number };
const ALLOWED: TrackVerdict = { allowed: true };

export class TrackLimiter {
  private readonly ip: Scope;
  private readonly key: Scope;
  private timer: NodeJS.Timeout | undefined;
  private syncing = false;
  private sweptAt = 0;

  constructor(
    rules: { ip: Rule; key: Rule },
    private store: LimitStore | null = null,
    private readonly now: () => number = Date.now,
  ) {
    this.ip = new Scope("ip", rules.ip, IP_BURST_SECONDS);
    this.key = new Scope("key", rules.key, 1);
  }

  /** Counts a request from `ip` (null: unknown, not limited by address) before any work. */
  checkIp(ip: string | null): TrackVerdict {
    if (!ip) return ALLOWED;
    return this.verdict(this.ip, ip);
  }

  /** Counts a request for a merchant once its key is known. */
  checkKey(merchantId: string): TrackVerdict {
    return this.verdict(this.key, merchantId);
  }

  private verdict(scope: Scope, id: string): TrackVerdict {
    const now = this.now();
    // Once a second, idle buckets go, so many one-off visitors do not grow the maps.
    if (now - this.sweptAt > 1000) {
      this.sweptAt = now;
      this.ip.forgetIdle(now);
      this.key.forgetIdle(now);
    }
    const waitMs = scope.take(id, now);
    if (waitMs === 0) return ALLOWED;
    return { allowed: false, scope: scope.name, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Shares this process's counts with the others through `store`, every `everyMs`. */
  startSync(store: LimitStore, everyMs = 1000) {
    this.store = store;
    this.timer ??= setInterval(() => void this.sync().catch(() => {}), everyMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round of sharing: adds what was admitted since the last round, reads back the totals. */
  async sync(): Promise<void> {
    const now = this.now();
    if (!this.store || this.syncing) return;
    this.syncing = true;
    try {
      for (const scope of [this.ip, this.key]) {
        const pending = scope.pending;
        scope.pending = new Map();
        // Thousands of visitors each sending a request or two are no flood: only ids that used a
        // tenth of their per-second rate since the last round are shared, which keeps the
        // statement small on a busy site.
        const entries = [...pending]
          .filter(([, points]) => points >= scope.shareFrom)
          .map(([id, points]) => ({ key: `track:${scope.name}:${id}`, points, windowMs: SHARED_WINDOW_MS }));
        if (entries.length === 0) continue;
        const totals = await this.store.add(entries);
        const prefix = `track:${scope.name}:`.length;
        for (const total of totals) {
          if (total.count > scope.sharedLimit)
            scope.blocked.set(total.key.slice(prefix), now + total.resetInMs);
        }
      }
    } finally {
      this.syncing = false;
    }
  }
}

const slot = globalThis as unknown as { leadtrailTrackLimiter?: TrackLimiter };

/** The process's tracking limiter; scripts/server.ts connects it to the shared store. */
export function trackLimiter(rules: () => { ip: Rule; key: Rule }): TrackLimiter {
  slot.leadtrailTrackLimiter ??= new TrackLimiter(rules());
  return slot.leadtrailTrackLimiter;
}
