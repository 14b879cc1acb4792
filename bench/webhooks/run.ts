import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { insertAffiliate } from "@/db/queries/affiliates";
import { createPrivateKey } from "@/db/queries/api-keys";
import { createMerchant } from "@/db/queries/merchants";
import { stripeConnections, visitors } from "@/db/schema";
import { newId } from "@/lib/ids";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_SECRET_KEY,
  DEFAULT_WEBHOOK_SECRET,
  startStripeSimulator,
} from "@/stripe-simulator";
import { createBenchDatabase, exited, spawnChild, waitFor, waitForPort } from "../track-ingest/processes";
import { type CpuSpent, cpuMeter } from "./cpu";
import { type LoadResult, run } from "./load";
import { buildMix, checkLedger } from "./mix";

/**
 * `npm run bench:webhooks`: signed Stripe events (a realistic mix of one-off checkouts,
 * subscription starts, trials, authorise-and-capture payments, refunds and refunds that fail;
 * see mix.ts) posted to the built app's webhook route, to a no-op route
 * handler in the same app (the framework's ceiling) and to a bare node:http server that verifies
 * the signature and inserts the event row. Then the time from delivering a sale until its
 * commission can be read through the REST API. Needs DATABASE_URL and a build.
 */
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SALES = Number(process.env.BENCH_SALES ?? 600);
const WARMUP = 150;
const APP_PORT = 3311;
const BARE_PORT = 3312;

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("The benchmark needs PostgreSQL: set DATABASE_URL.");
  const distDir = process.env.LEADTRAIL_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(distDir, "BUILD_ID")))
    throw new Error(`No build in ${distDir}: run npx next build first.`);
  const db = await createBenchDatabase(baseUrl);
  const sim = await startStripeSimulator({ port: 0 });
  const children: ChildProcess[] = [];
  try {
    await db.handle.db.execute(sql`create table bench_stripe_events (like stripe_events including all)`);
    const shop = await seedShop(db.handle.db, sim.events.connectAccount().account.id);
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      LEADTRAIL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "leadtrail-bench-")),
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      APP_URL: `http://127.0.0.1:${APP_PORT}`,
      STRIPE_SECRET_KEY: DEFAULT_SECRET_KEY,
      STRIPE_CLIENT_ID: DEFAULT_CLIENT_ID,
      STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
      STRIPE_API_BASE: sim.url,
      STRIPE_CONNECT_AUTHORIZE_URL: `${sim.url}/oauth/authorize`,
      // The delivery → API measurement polls the API as fast as it answers: not the limit's business.
      LIMIT_API_KEY: "1000000/1m",
    };
    children.push(spawnChild(["--import", "tsx", "scripts/start.ts"], { ...env, PORT: String(APP_PORT) }));
    children.push(
      spawnChild(["--import", "tsx", "bench/webhooks/bare-server.ts"], { ...env, PORT: String(BARE_PORT) }),
    );
    const app = `http://127.0.0.1:${APP_PORT}`;
    const bare = `http://127.0.0.1:${BARE_PORT}`;
    await Promise.all([waitFor(`${app}/api/health`), waitForPort(bare)]);

    const mix = await buildMix(sim, shop, SALES);
    const events = mix.events;
    const bodies = events.map((e) => JSON.stringify(e));
    console.log(`${SALES} sales: ${summarize(mix.kinds)}`);
    console.log(`${events.length} events: ${summarize(countTypes(events))}`);
    console.log(`${CONCURRENCY} concurrent deliveries\n`);
    const signed: { concurrency: number; secret?: string } = {
      concurrency: CONCURRENCY,
      secret: DEFAULT_WEBHOOK_SECRET,
    };
    const measure = async (
      label: string,
      server: ChildProcess,
      requests: { url: string; body?: string }[],
      options = signed,
    ) => {
      await run(requests.slice(0, WARMUP), options);
      const spent = await cpuMeter(db.handle.db, server.pid);
      const result = await run(requests.slice(WARMUP), options);
      const cpu = perRequest(await spent(), result.count);
      console.log(
        `${label}: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures}; CPU per request: ${cpu}`,
      );
      return result;
    };
    const [appServer, bareServer] = children as [ChildProcess, ChildProcess];
    const noop = await measure(
      "no-op route",
      appServer,
      bodies.map(() => ({ url: `${app}/api/health` })),
      { concurrency: CONCURRENCY },
    );
    const bareResult = await measure(
      "bare node:http",
      bareServer,
      bodies.map((body) => ({ url: bare, body })),
    );
    const callsBefore = sim.state.requests.length;
    const webhook = await measure(
      "Leadtrail webhook",
      appServer,
      bodies.map((body) => ({ url: `${app}/api/stripe/webhook`, body })),
    );
    const stripeCalls = sim.state.requests.length - callsBefore;
    const ledger = await ledgerCounts(db.handle.db);
    const check = await checkLedger(db.handle.db, shop.merchantId, mix);
    const visible = await timeToApi(sim, shop, app);

    console.log("");
    console.table({
      "webhook route": row(webhook),
      "no-op route": row(noop),
      "bare node:http": row(bareResult),
    });
    const ratioNoop = webhook.perSecond / noop.perSecond;
    console.log(
      `ratio webhook / no-op route: ${ratioNoop.toFixed(2)}  goal ≥ 0.5  ${ratioNoop >= 0.5 ? "met" : "MISSED"}`,
    );
    console.log(`ratio webhook / bare node:http: ${(webhook.perSecond / bareResult.perSecond).toFixed(2)}`);
    console.log(
      `delivery → commission readable via GET /api/v1/commissions: p50 ${visible.p50.toFixed(1)} ms, p99 ${visible.p99.toFixed(1)} ms over ${visible.count} sales  goal p99 < 1000 ms  ${visible.p99 < 1000 ? "met" : "MISSED"}`,
    );
    console.log(
      `Stripe API reads by the webhook (warm-up and measured): ${stripeCalls}, ${(stripeCalls / bodies.length).toFixed(2)} per event`,
    );
    console.log(`ledger after the run: ${JSON.stringify(ledger)}, ${events.length} events sent`);
    console.table(check.table);
    console.log(
      `refunds: ${check.refunds.expected} expected, ${check.refunds.adjustments} sale adjustments, ${check.refunds.refundMismatches} mismatched`,
    );
    for (const problem of check.problems) console.log(`  ${problem}`);
    const exact = check.ok && ledger?.events === events.length;
    console.log(`ledger check: ${exact ? "exact" : "MISMATCH"}`);
    if (!exact) throw new Error("The ledger does not match what the mix's sales must leave.");
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    await sim.close();
    await db.drop();
  }
}

type Db = Awaited<ReturnType<typeof createBenchDatabase>>["handle"]["db"];
type Sim = Awaited<ReturnType<typeof startStripeSimulator>>;
type Shop = Awaited<ReturnType<typeof seedShop>>;

async function seedShop(db: Db, account: string) {
  const { merchant } = await createMerchant(db, {
    company: "Bench Shop",
    name: "Bench",
    email: `bench-${randomBytes(4).toString("hex")}@example.com`,
    passwordHash: "unused",
  });
  const affiliate = await insertAffiliate(db, {
    merchantId: merchant.id,
    email: "aff@example.com",
    code: "bench",
  });
  await db.insert(stripeConnections).values({
    id: newId("sc"),
    merchantId: merchant.id,
    stripeUserId: account,
    livemode: false,
    scope: "read_write",
  });
  const visitorIds = Array.from({ length: 200 }, (_, i) => `benchvisitor${i}`);
  await db
    .insert(visitors)
    .values(visitorIds.map((id) => ({ merchantId: merchant.id, id, affiliateId: affiliate.id })));
  const key = await createPrivateKey(db, merchant.id);
  return { merchantId: merchant.id, account, visitorIds, apiKey: key.key };
}

function countTypes(events: { type: string }[]) {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

function summarize(counts: Record<string, number>) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${n} ${name}`)
    .join(", ");
}

async function ledgerCounts(db: Db) {
  const rows = (await db.execute(
    sql`select (select count(*)::int from purchases) as purchases, (select count(*)::int from commissions) as commissions,
        (select count(*)::int from stripe_events) as events`,
  )) as unknown as { purchases: number; commissions: number; events: number }[];
  return rows[0];
}

/** Delivers one sale at a time and polls the API until its commission shows. */
async function timeToApi(sim: Sim, shop: Shop, app: string) {
  const latencies: number[] = [];
  for (let i = 0; i < 50; i++) {
    const sale = await sim.events.checkoutPayment({
      account: shop.account,
      email: `late${i}@example.com`,
      amount: 5000 + 5 * i,
      clientReferenceId: shop.visitorIds[i],
      deliver: false,
    });
    const completed = sale.events.find((e) => e.type === "checkout.session.completed")!;
    const started = performance.now();
    const answer = await sim.deliver(completed, {
      url: `${app}/api/stripe/webhook`,
      secret: DEFAULT_WEBHOOK_SECRET,
    });
    if (answer.status !== 200) throw new Error(`delivery answered ${answer.status}: ${answer.body}`);
    for (;;) {
      const res = await fetch(`${app}/api/v1/commissions?limit=100`, {
        headers: { authorization: `Bearer ${shop.apiKey}` },
      });
      const body = (await res.json()) as { data: { amount: number }[] };
      // 20% of 5000 + 5i: an amount no earlier sale had.
      if (body.data.some((c) => c.amount === 1000 + i)) break;
      if (performance.now() - started > 10_000) {
        throw new Error(
          `commission did not appear within 10 s (delivery said ${answer.body}; API said ${JSON.stringify(body)})`,
        );
      }
    }
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, p50: latencies[25]!, p99: latencies[49]! };
}

/** CPU ms per request on each side: the server, the bench itself (load and simulator), PostgreSQL. */
function perRequest(cpu: CpuSpent, count: number) {
  const ms = (v: number | null) => (v === null ? "n/a" : (v / count).toFixed(2));
  return `server ${ms(cpu.server)} ms, bench ${ms(cpu.bench)} ms, PostgreSQL ${ms(cpu.postgres)} ms`;
}

const row = (r: LoadResult) => ({
  "events/s": Math.round(r.perSecond),
  "p50 ms": Number(r.p50.toFixed(1)),
  "p99 ms": Number(r.p99.toFixed(1)),
  events: r.count,
  failures: r.failures,
});

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
