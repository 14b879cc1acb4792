import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activeConnectionForMerchant, endConnection } from "@/db/queries/stripe-connections";
import { jobs, stripeEvents } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { connectedShop } from "@/lib/sales/sales-testing";
import { commands } from "@/lib/wiring/commands";
import { DEFAULT_CLIENT_ID, DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET } from "@/stripe-simulator";
import { unpaced } from "./pacing";
import { enqueueReconcile, reconcileJob, STRIPE_RECONCILE } from "./reconcile-job";
import { reconcileOnStart } from "./reconcile-startup";
import { outageSales } from "./reconcile-testing";
import { connectThroughStripe, type StripeTestbed, startStripeTestbed } from "./testing";

/** The automatic passes (on connect, on start) through the job queue, and the CLI command. */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const stripeEnv = () => ({
  STRIPE_SECRET_KEY: DEFAULT_SECRET_KEY,
  STRIPE_CLIENT_ID: DEFAULT_CLIENT_ID,
  STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
  STRIPE_API_BASE: bed.sim.url,
});
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(stripeEnv())) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

const runReconcileJobs = () =>
  runJobsUntilIdle(
    bed.db,
    { stripe: () => bed.stripe, pacer: unpaced },
    { handlers: { [STRIPE_RECONCILE]: reconcileJob }, backoff: { baseMs: 5, maxMs: 50 }, timeoutMs: 30_000 },
  );
const reconcileJobsOf = (merchantId: string) =>
  bed.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, STRIPE_RECONCILE), eq(jobs.merchantId, merchantId)));
const unrecorded = async (ids: string[]) => {
  const rows = await bed.db.select({ id: stripeEvents.id }).from(stripeEvents);
  const seen = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !seen.has(id));
};

describe("the automatic catch-up", () => {
  it("a connect (and a reconnect) queues a pass for the new connection, which applies what was missed", async () => {
    const shop = await connectedShop(bed);
    const first = (await activeConnectionForMerchant(bed.db, shop.merchantId))!;
    expect(await reconcileJobsOf(shop.merchantId)).toEqual([
      expect.objectContaining({
        status: "queued",
        payload: { connectionId: first.id, reason: "connect" },
        dedupeKey: `${STRIPE_RECONCILE}:${first.id}`,
      }),
    ]);
    const { events } = await outageSales(bed, shop, { deliver: false, oneOffs: 3, subscriptions: 1 });
    await runReconcileJobs();
    expect(await unrecorded(events.map((e) => e.id))).toEqual([]);
    expect(await activeConnectionForMerchant(bed.db, shop.merchantId)).toMatchObject({
      reconcileFound: events.length,
      reconcileApplied: events.length,
    });

    await endConnection(bed.db, { merchantId: shop.merchantId, connectionId: first.id, reason: "test" });
    const { result } = await connectThroughStripe(bed, shop, { account: shop.account });
    if (!result.ok) throw new Error(result.error);
    const again = await reconcileJobsOf(shop.merchantId);
    expect(again.filter((j) => j.status === "queued").map((j) => j.payload.connectionId)).toEqual([
      result.connection.id,
    ]);
    await runReconcileJobs();
    expect((await activeConnectionForMerchant(bed.db, shop.merchantId))!.reconciledAt).toBeInstanceOf(Date);
  }, 60_000);

  it("on start, one pass per live connection is queued without waiting for it, and the queue runs them", async () => {
    const shops = [await connectedShop(bed), await connectedShop(bed)];
    const ended = await connectedShop(bed);
    await endConnection(bed.db, {
      merchantId: ended.merchantId,
      connectionId: (await activeConnectionForMerchant(bed.db, ended.merchantId))!.id,
      reason: "test",
    });
    const missed = await Promise.all(
      shops.map(
        async (shop) =>
          (await outageSales(bed, shop, { deliver: false, oneOffs: 2, subscriptions: 0 })).events,
      ),
    );
    await runReconcileJobs(); // the connect passes, which ran before the sales
    for (const events of missed) expect(await unrecorded(events.map((e) => e.id))).toEqual([]);

    const more: string[][] = await Promise.all(
      shops.map(async (shop) =>
        (await outageSales(bed, shop, { deliver: false, oneOffs: 1, subscriptions: 0 })).events.map(
          (e) => e.id,
        ),
      ),
    );
    // Without Stripe configured there is nothing to catch up with.
    expect(await reconcileOnStart(async () => bed.db)).toBe(0);
    Object.assign(process.env, stripeEnv());
    resetEnvCache();
    const queued = await reconcileOnStart(async () => bed.db);
    expect(queued).toBeGreaterThanOrEqual(2);
    for (const shop of shops) {
      const connection = (await activeConnectionForMerchant(bed.db, shop.merchantId))!;
      expect(
        (await reconcileJobsOf(shop.merchantId)).filter((j) => j.status === "queued").map((j) => j.payload),
      ).toEqual([{ connectionId: connection.id, reason: "start" }]);
    }
    expect((await reconcileJobsOf(ended.merchantId)).filter((j) => j.status === "queued")).toEqual([]);
    await runReconcileJobs();
    for (const [i, shop] of shops.entries()) {
      expect(await unrecorded(more[i]!)).toEqual([]);
      expect(await activeConnectionForMerchant(bed.db, shop.merchantId)).toMatchObject({
        reconcileFound: more[i]!.length,
        reconcileApplied: more[i]!.length,
        reconcileFailed: 0,
      });
    }
  }, 60_000);

  it("a pass whose events fail is retried by the queue until they apply", async () => {
    const shop = await connectedShop(bed);
    await runReconcileJobs();
    const { events } = await outageSales(bed, shop, { deliver: false, oneOffs: 0, subscriptions: 1 });
    bed.sim.injectFaults({ status: 500, count: 3, path: /^\/v1\/invoices\// });
    try {
      await enqueueReconcile(bed.db, (await activeConnectionForMerchant(bed.db, shop.merchantId))!, "test");
      const stats = await runReconcileJobs();
      expect(stats.retried).toBeGreaterThan(0);
    } finally {
      bed.sim.clearFaults();
    }
    expect(await unrecorded(events.map((e) => e.id))).toEqual([]);
    const [job] = (await reconcileJobsOf(shop.merchantId)).filter((j) => j.payload.reason === "test");
    expect(job).toMatchObject({ status: "done", lastError: null });
  }, 60_000);
});

describe("npm run cli -- stripe:reconcile", () => {
  it("prints the counts as JSON; --since must be a date", async () => {
    Object.assign(process.env, stripeEnv());
    resetEnvCache();
    const shop = await connectedShop(bed);
    const { events } = await outageSales(bed, shop, { deliver: false, oneOffs: 2, subscriptions: 1 });
    const run = (...argv: string[]) => commands["stripe:reconcile"]!.run(bed.db, argv);
    const out = (await run("--merchant", shop.merchantId)) as Record<string, unknown>;
    expect(out).toMatchObject({
      merchant_id: shop.merchantId,
      stripe_user_id: shop.account,
      found: events.length,
      applied: events.length,
      duplicates: 0,
      skipped: 0,
      failed: 0,
      first_error: null,
    });
    expect(Object.keys(out)).toEqual([
      "merchant_id",
      "connection_id",
      "stripe_user_id",
      "since",
      "listed",
      "found",
      "applied",
      "duplicates",
      "skipped",
      "failed",
      "first_error",
      "high_water_mark",
    ]);
    // Earlier than Stripe keeps events: from 30 days ago.
    const early = (await run("--merchant", shop.merchantId, "--since", "2020-01-01")) as Record<
      string,
      unknown
    >;
    expect(early).toMatchObject({ found: 0, applied: 0 });
    expect(Date.parse(String(early.since))).toBeGreaterThan(Date.now() - 31 * 24 * 3600 * 1000);
    expect(early.listed).toBeGreaterThanOrEqual(events.length);
    await expect(run("--merchant", shop.merchantId, "--since", "yesterday")).rejects.toThrow("not a date");
    await expect(run("--merchant", "mer_nobody")).rejects.toThrow("no live Stripe connection");
  }, 60_000);

  it("runs as its own process, as a user would run it", async ({ skip }) => {
    const url = (bed.handle as { url?: string }).url;
    if (!url) return skip("needs DATABASE_URL: the embedded database cannot be shared with another process");
    const shop = await connectedShop(bed);
    const { events } = await outageSales(bed, shop, { deliver: false, oneOffs: 1, subscriptions: 0 });
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "scripts/cli.ts", "stripe:reconcile", "--merchant", shop.merchantId],
      { env: { ...process.env, ...stripeEnv(), DATABASE_URL: url }, cwd: process.cwd() },
    );
    expect(JSON.parse(stdout)).toMatchObject({ found: events.length, applied: events.length, failed: 0 });
  }, 60_000);
});
