import { performance } from "node:perf_hooks";
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "@/db";
import { createMerchant } from "@/db/queries/merchants";
import { insertConnection } from "@/db/queries/stripe-connections";
import { affiliates, jobs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { COUPON_SYNC } from "@/lib/coupons/jobs";
import { couponSyncProgress } from "@/lib/coupons/progress";
import { saveCouponSettings } from "@/lib/coupons/settings";
import { activeByCode, insertCouponAffiliates } from "@/lib/coupons/testing";
import { newId } from "@/lib/ids";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { createStripeClient } from "@/lib/stripe/client";
import { createStripePacer, STRIPE_RATE_LIMITS } from "@/lib/stripe/pacing";
import { DEFAULT_SECRET_KEY, startStripeSimulator } from "@/stripe-simulator";

/**
 * `npm run bench:coupons`: a bulk re-sync of BENCH_AFFILIATES (default 2,000) affiliate coupon
 * codes through the real job runner, against the Stripe simulator limited to Stripe's test-mode
 * rate (25 requests/s) and then its live-mode rate (100/s), with 5% of requests answered 429 on
 * top. Prints how close the runner gets to the limit (requests/s ÷ limit; goal ≥ 0.9), and the
 * duplicates (codes with more than one active promotion code) and failures (goal: none).
 * Everything runs in this process on loopback; DATABASE_URL selects PostgreSQL, else PGlite.
 */
const AFFILIATES = Number(process.env.BENCH_AFFILIATES ?? 2_000);
const FAULT_RATE = 0.05;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface PhaseResult {
  mode: "test" | "live";
  limit: number;
  affiliates: number;
  seconds: number;
  requests: number;
  ok: number;
  injected429: number;
  limited429: number;
  perSecond: number;
  ratio: number;
  duplicates: number;
  failures: number;
}

async function phase(db: Database, mode: "test" | "live"): Promise<PhaseResult> {
  const limit = STRIPE_RATE_LIMITS[mode];
  const sim = await startStripeSimulator({ port: 0, rateLimit: { perSecond: limit } });
  try {
    const suffix = newId("mer").slice(-8).toLowerCase();
    const { merchant, user } = await createMerchant(db, {
      company: `Bench ${mode} ${suffix}`,
      name: "Bench",
      email: `bench-${mode}-${suffix}@example.com`,
      passwordHash: "not-used",
    });
    const { account } = sim.events.connectAccount({ livemode: mode === "live" });
    await insertConnection(db, {
      merchantId: merchant.id,
      stripeUserId: account.id,
      livemode: mode === "live",
      scope: "read_write",
      accessTokenEnc: null,
      refreshTokenEnc: null,
      publishableKey: null,
    });
    const codes = Array.from({ length: AFFILIATES }, (_, i) => `${mode.toUpperCase()}-${suffix}-${i}`);
    await insertCouponAffiliates(db, merchant.id, codes, `${mode}-${suffix}`);
    sim.injectFaults({ status: 429, rate: FAULT_RATE });

    const stripe = createStripeClient({
      secretKey: DEFAULT_SECRET_KEY,
      apiBase: sim.url,
      maxNetworkRetries: 0,
    });
    const deps = { stripe: () => stripe, pacer: createStripePacer() };
    const started = performance.now();
    await saveCouponSettings(db, {
      merchantId: merchant.id,
      actorUserId: user.id,
      input: {
        discountType: "percent",
        percentOffBps: 1000,
        amountOff: null,
        currency: null,
        duration: "once",
        durationMonths: null,
        autoSync: true,
      },
    });
    const bound = Math.ceil((AFFILIATES / limit) * 3_000) + 60_000;
    await runJobsUntilIdle(db, deps, { concurrency: CONCURRENCY, timeoutMs: bound, pollMs: 200 });
    const seconds = (performance.now() - started) / 1000;

    const log = sim.state.requests.filter((r) => r.account === account.id);
    const first = log[0]?.at ?? 0;
    const last = log.at(-1)?.at ?? first;
    const span = Math.max(0.001, (last - first) / 1000);
    const perSecond = log.length / span;
    const active = activeByCode(sim, account.id);
    const duplicates = [...active.values()].filter((list) => list.length > 1).length;
    const unsynced = await db
      .select({ id: affiliates.id })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchant.id), ne(affiliates.couponSyncStatus, "synced")));
    const failedJobs = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.merchantId, merchant.id), eq(jobs.kind, COUPON_SYNC), eq(jobs.status, "failed")));
    const progress = await couponSyncProgress(db, merchant.id);
    if (progress?.done !== AFFILIATES) throw new Error(`run ended with ${JSON.stringify(progress)}`);
    const missing = codes.filter((c) => !active.has(c.toLowerCase())).length;
    return {
      mode,
      limit,
      affiliates: AFFILIATES,
      seconds,
      requests: log.length,
      ok: log.filter((r) => r.status === 200).length,
      injected429: log.filter((r) => r.note === "fault").length,
      limited429: log.filter((r) => r.note === "rate_limited").length,
      perSecond,
      ratio: perSecond / limit,
      duplicates,
      failures: Math.max(unsynced.length, failedJobs.length, missing),
    };
  } finally {
    await sim.close();
  }
}

function print(r: PhaseResult) {
  const f = (n: number, d = 2) => n.toFixed(d);
  console.log(
    [
      `${r.mode} mode, limit ${r.limit} req/s, ${r.affiliates} affiliates:`,
      `  wall time ${f(r.seconds, 1)} s; ${r.requests} requests (${r.ok} ok, ${r.injected429} injected 429, ${r.limited429} rate-limited 429)`,
      `  achieved ${f(r.perSecond, 1)} req/s ÷ ${r.limit} = ${f(r.ratio)}   (goal ≥ 0.90)`,
      `  duplicates ${r.duplicates}, failures ${r.failures}   (goal 0, 0)`,
    ].join("\n"),
  );
}

async function main() {
  const handle = await createTestDatabase();
  console.log(
    `Coupon sync benchmark: ${AFFILIATES} affiliates per phase, ${FAULT_RATE * 100}% injected 429s, ` +
      `concurrency ${CONCURRENCY}, ${handle.driver === "postgres" ? "PostgreSQL" : "PGlite"}\n`,
  );
  try {
    const results: PhaseResult[] = [];
    for (const mode of ["test", "live"] as const) {
      const result = await phase(handle.db, mode);
      print(result);
      results.push(result);
    }
    const ok = results.every((r) => r.ratio >= 0.9 && r.duplicates === 0 && r.failures === 0);
    console.log(`\n${ok ? "All goals met." : "Some goals were not met."}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
