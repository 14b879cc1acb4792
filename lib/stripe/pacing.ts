import { TokenBucket } from "@/lib/jobs/token-bucket";

/**
 * Keeps background work under Stripe's per-account rate limit (live 100, test 25 requests per
 * second). One bucket per connected account, shared by everything in this process that calls
 * through a pacer: a bulk sync and a single re-sync for the same account draw from one budget.
 * Paced a little under the limit, with a burst no larger than Stripe's own, so 429s stay rare
 * rather than being the pacing signal.
 */
export const STRIPE_RATE_LIMITS = { live: 100, test: 25 } as const;
const HEADROOM = 0.95;
const BURST_SECONDS = 0.2;

export interface StripePacer {
  /** Waits for this account's turn. */
  acquire(account: string, livemode: boolean): Promise<number>;
}

export function createStripePacer(limits: { live: number; test: number } = STRIPE_RATE_LIMITS): StripePacer {
  const buckets = new Map<string, TokenBucket>();
  return {
    acquire(account, livemode) {
      let bucket = buckets.get(account);
      if (!bucket) {
        const perSecond = (livemode ? limits.live : limits.test) * HEADROOM;
        bucket = new TokenBucket(perSecond, Math.max(1, perSecond * BURST_SECONDS));
        buckets.set(account, bucket);
      }
      return bucket.take();
    },
  };
}

const shared = globalThis as { leadtrailStripePacer?: StripePacer };

/** The process's pacer; on globalThis so the custom server and Next's bundles share it. */
export function sharedStripePacer(): StripePacer {
  shared.leadtrailStripePacer ??= createStripePacer();
  return shared.leadtrailStripePacer;
}

/** No pacing at all (tests that count requests rather than time them). */
export const unpaced: StripePacer = { acquire: async () => 0 };
