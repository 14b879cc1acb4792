import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { affiliates, jobs } from "@/db/schema";
import { connectedShop } from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { DEFAULT_CLIENT_ID, DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET } from "@/stripe-simulator";
import { COUPON_SYNC } from "./jobs";
import { couponSyncProgress } from "./progress";
import { saveCouponSettings } from "./settings";
import { activeByCode, insertCouponAffiliates, promotionCodesCreated, promotionCodesOf } from "./testing";

/**
 * The server killed halfway through a bulk run: a real worker process (`scripts/jobs.ts`) against
 * a PostgreSQL database and the simulator at Stripe's test-mode limit, SIGKILLed mid-run, then a
 * new one. Needs DATABASE_URL: an in-memory PGlite cannot be shared with another process.
 */
const AFFILIATES = 500;
const STALE_MS = 1_500;

let bed: StripeTestbed | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await bed?.close();
});

function startWorker(databaseUrl: string, simUrl: string): ChildProcess {
  // node itself with tsx as a loader (not the tsx launcher, which would put the worker in a
  // grandchild that a SIGKILL to the launcher leaves running).
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "jobs.ts")], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      STRIPE_SECRET_KEY: DEFAULT_SECRET_KEY,
      STRIPE_CLIENT_ID: DEFAULT_CLIENT_ID,
      STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
      STRIPE_API_BASE: simUrl,
      LEADTRAIL_JOB_STALE_MS: String(STALE_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  child.on("exit", (code, signal) => {
    if (code && code !== 0) console.error(`worker ${child.pid} exited ${code} (${signal}):\n${output}`);
  });
  children.push(child);
  return child;
}

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

describe.skipIf(!process.env.DATABASE_URL)("a worker killed halfway through a bulk run", () => {
  it("resumes in a new process and finishes with one promotion code per affiliate", async () => {
    bed = await startStripeTestbed();
    const { db, sim } = bed;
    const databaseUrl = (bed.handle as { url?: string }).url!;
    sim.setRateLimit(25);
    const shop = await connectedShop(bed);
    const codes = Array.from({ length: AFFILIATES }, (_, i) => `KILL-${String(i).padStart(3, "0")}`);
    const ids = await insertCouponAffiliates(db, shop.merchantId, codes);
    await saveCouponSettings(db, {
      merchantId: shop.merchantId,
      actorUserId: shop.userId,
      input: {
        discountType: "percent",
        percentOffBps: 1000,
        amountOff: null,
        currency: null,
        duration: "forever",
        durationMonths: null,
        autoSync: true,
      },
    });

    const first = startWorker(databaseUrl, sim.url);
    await until("a third of the run", async () => {
      const p = await couponSyncProgress(db, shop.merchantId);
      return (p?.done ?? 0) >= AFFILIATES / 3;
    });
    // The worst moment to die: Stripe has created promotion codes the database has not recorded.
    // Holding a lock on the affiliates table makes the worker's writes wait after its creates.
    const unrecorded = async () => {
      const linked = await db
        .select({ promo: affiliates.stripePromotionCodeId })
        .from(affiliates)
        .where(eq(affiliates.merchantId, shop.merchantId));
      const known = new Set(linked.map((r) => r.promo));
      return promotionCodesOf(sim, shop.account).filter((p) => p.active && !known.has(p.id)).length;
    };
    let release = () => {};
    const lockHeld = new Promise<void>((resolveHeld) => {
      void db.transaction(async (tx) => {
        await tx.execute(sql`lock table affiliates in exclusive mode`);
        resolveHeld();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      });
    });
    await lockHeld;
    const inLimbo = await until("creates waiting to be recorded", async () => {
      const n = await unrecorded();
      return n >= 5 ? n : false;
    });
    first.kill("SIGKILL");
    await exited(first);
    // PostgreSQL would otherwise run the dead worker's queued statements once the lock is free.
    await db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    release();

    const halfway = (await couponSyncProgress(db, shop.merchantId))!;
    expect(halfway.total).toBe(AFFILIATES);
    expect(halfway.remaining).toBeGreaterThan(0);
    expect(await unrecorded()).toBeGreaterThanOrEqual(inLimbo);
    const orphaned = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(eq(jobs.merchantId, shop.merchantId), eq(jobs.kind, COUPON_SYNC), eq(jobs.status, "running")),
      );
    // The killed worker was in the middle of jobs; they are left `running` with its lock.
    expect(orphaned.length).toBeGreaterThanOrEqual(inLimbo);

    const second = startWorker(databaseUrl, sim.url);
    const finished = await until("the run to finish", async () => {
      const p = await couponSyncProgress(db, shop.merchantId);
      return p?.finished ? p : false;
    });
    second.kill("SIGTERM");
    await exited(second);

    expect(finished).toMatchObject({ total: AFFILIATES, done: AFFILIATES, failed: 0, remaining: 0 });
    const rows = await db
      .select({
        id: affiliates.id,
        status: affiliates.couponSyncStatus,
        promo: affiliates.stripePromotionCodeId,
      })
      .from(affiliates)
      .where(eq(affiliates.merchantId, shop.merchantId));
    const synced = rows.filter((r) => ids.includes(r.id));
    expect(synced.filter((r) => r.status !== "synced")).toEqual([]);
    const active = activeByCode(sim, shop.account);
    const duplicates = codes.filter((c) => (active.get(c.toLowerCase())?.length ?? 0) !== 1);
    expect(duplicates).toEqual([]);
    expect(new Set(synced.map((r) => r.promo)).size).toBe(AFFILIATES);
    for (const r of synced)
      expect(active.get(codes[ids.indexOf(r.id)]!.toLowerCase())?.[0]?.id).toBe(r.promo);
    expect(promotionCodesCreated(sim, shop.account)).toBe(AFFILIATES);
    expect(sim.state.accounts.get(shop.account)!.coupons.size).toBe(1);
    // The creates cut short were answered from Stripe's idempotency store, not made twice.
    const replayed = sim.state.requests.filter((r) => r.account === shop.account && r.note === "replayed");
    expect(replayed.length).toBeGreaterThanOrEqual(inLimbo);
  }, 150_000);
});
