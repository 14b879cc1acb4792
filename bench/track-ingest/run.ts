import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { sql } from "drizzle-orm";
import { insertAffiliate } from "@/db/queries/affiliates";
import { createMerchant } from "@/db/queries/merchants";
import { visits } from "@/db/schema";
import { SCRIPT_BUDGET_BYTES } from "@/lib/tracking/script";
import { createBenchDatabase, exited, spawnChild, waitFor, waitForPort } from "./processes";

/**
 * `npm run bench:track`: the visit endpoint of the built app (custom server fast path) against
 * a bare node:http + postgres.js server doing the same insert, on one PostgreSQL, loopback only.
 * Needs DATABASE_URL and a build (`npx next build`). Runs about 30 s and cleans up after itself.
 */
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_S = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3301);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 3302);
const PLAIN_PORT = Number(process.env.BENCH_PLAIN_PORT ?? 3303);
const GOAL_RATIO = 0.6;

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("The benchmark needs PostgreSQL: set DATABASE_URL.");
  const distDir = process.env.LEADTRAIL_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(distDir, "BUILD_ID")))
    throw new Error(`No build in ${distDir}: run npx next build first.`);

  const db = await createBenchDatabase(baseUrl);
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("SIGINT", () => {
    stopAll();
    process.exit(130);
  });
  try {
    const { merchant } = await createMerchant(db.handle.db, {
      company: "Bench Shop",
      name: "Bench",
      email: `bench-${randomBytes(4).toString("hex")}@example.com`,
      passwordHash: "unused",
    });
    await insertAffiliate(db.handle.db, { merchantId: merchant.id, email: "aff@example.com", code: "bench" });
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: "10",
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      LEADTRAIL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "leadtrail-bench-")),
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      APP_URL: `http://127.0.0.1:${APP_PORT}`,
      LISTEN_HOST: "127.0.0.1",
      BENCH_MERCHANT_ID: merchant.id,
      // As behind a reverse proxy: each visitor's address arrives in X-Forwarded-For, so the
      // per-address limits see many visitors, as on a real site, not one load generator.
      TRUSTED_PROXIES: "loopback",
    };
    const tsx = ["--import", "tsx"];
    children.push(
      spawnChild([...tsx, "bench/track-ingest/bare-server.ts"], { ...env, PORT: String(BARE_PORT) }),
      spawnChild([...tsx, "bench/track-ingest/bare-server.ts"], {
        ...env,
        PORT: String(PLAIN_PORT),
        BENCH_BARE_TABLE: "plain",
      }),
    );
    children.push(spawnChild([...tsx, "scripts/start.ts"], { ...env, PORT: String(APP_PORT) }));
    const bareUrl = `http://127.0.0.1:${BARE_PORT}`;
    const plainUrl = `http://127.0.0.1:${PLAIN_PORT}`;
    const appUrl = `http://127.0.0.1:${APP_PORT}`;
    await Promise.all([waitFor(`${appUrl}/track.js`), waitForPort(bareUrl), waitForPort(plainUrl)]);

    console.log(
      `Load: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per target\n`,
    );
    const storedVisits = () =>
      db.handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(visits)
        .then((rows) => rows[0]!.n);
    const plainRows = () =>
      db.handle.db
        .execute(sql`select count(*)::int as n from bench_plain_visits`)
        .then((r) => Number((r as unknown as { n: number }[])[0]?.n ?? 0));
    const plainResult = await measure(
      "bare node:http, plain table",
      `${plainUrl}/api/track/visit`,
      merchant.publicKey,
    );
    const plainStored = await plainRows();
    const before = await storedVisits();
    const bare = await measure(
      "bare node:http + postgres.js",
      `${bareUrl}/api/track/visit`,
      merchant.publicKey,
    );
    const between = await storedVisits();
    const app = await measure("Leadtrail /api/track/visit", `${appUrl}/api/track/visit`, merchant.publicKey);
    const after = await storedVisits();
    const scriptBytes = await gzippedScriptSize(appUrl);

    const ratio = app.requests.average / plainResult.requests.average;
    const visitsRatio = app.requests.average / bare.requests.average;
    console.log("");
    console.table({
      "bare (plain table)": summary(plainResult),
      "bare (visits)": summary(bare),
      leadtrail: summary(app),
    });
    // Every 2xx must be a stored row (requests in flight when a run stops are stored, not counted).
    console.log(
      `rows stored / 2xx answered (warm-up included): plain ${plainStored} / ${plainResult.answered}, bare ${between - before} / ${bare.answered}, leadtrail ${after - between} / ${app.answered}`,
    );
    console.log(
      `ratio (leadtrail / bare on a plain table): ${ratio.toFixed(2)}  goal ≥ ${GOAL_RATIO}  ${verdict(ratio >= GOAL_RATIO)}`,
    );
    console.log(`ratio (leadtrail / bare on the visits table): ${visitsRatio.toFixed(2)}`);
    console.log(
      `/track.js gzipped: ${scriptBytes} bytes  budget ≤ ${SCRIPT_BUDGET_BYTES}  ${verdict(scriptBytes <= SCRIPT_BUDGET_BYTES)}`,
    );
    if (app.non2xx || app.errors) console.log("warning: the app answered some requests with errors");
  } finally {
    stopAll();
    await Promise.all(children.map((child) => exited(child)));
    await db.drop();
  }
}

const summary = (result: Result) => ({
  "requests/s": Math.round(result.requests.average),
  "p50 ms": result.latency.p50,
  "p99 ms": result.latency.p99,
  "2xx": result["2xx"],
  "non-2xx": result.non2xx,
  errors: result.errors,
});

async function measure(label: string, url: string, key: string): Promise<Result & { answered: number }> {
  let n = 0;
  const options = {
    url,
    connections: CONNECTIONS,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://shop.example" },
        // A new visitor per request; one visit in four arrives through an affiliate's link.
        setupRequest: (request: { body?: string; headers?: Record<string, string> }) => {
          n++;
          const query = n % 4 === 0 ? "?afmc=bench" : "";
          // Three requests per visitor address, a new address after that.
          const v = Math.floor(n / 3);
          request.headers = {
            ...request.headers,
            "x-forwarded-for": `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`,
          };
          request.body = JSON.stringify({
            key,
            tid: `bench${n.toString(36)}${randomBytes(6).toString("hex")}`,
            url: `https://shop.example/pricing${query}`,
            referrer: "https://blog.example/review",
          });
          return request;
        },
      },
    ],
  };
  process.stdout.write(`${label}: warming up… `);
  const warmup = await autocannon({ ...options, duration: WARMUP_S });
  process.stdout.write("measuring… ");
  const result = await autocannon({ ...options, duration: DURATION_S });
  console.log(`${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
  return { ...result, answered: warmup["2xx"] + result["2xx"] };
}

async function gzippedScriptSize(appUrl: string): Promise<number> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    request(`${appUrl}/track.js`, { headers: { "accept-encoding": "gzip" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve(res.headers["content-encoding"] === "gzip" ? bytes : Number.NaN));
    })
      .on("error", reject)
      .end();
  });
}

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
