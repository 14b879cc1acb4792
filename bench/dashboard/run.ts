import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { countPendingAffiliates, listAffiliatePage } from "@/db/queries/affiliate-list";
import { createMerchant } from "@/db/queries/merchants";
import { affiliateStats, foldReports, leadingCurrency, overviewReport } from "@/db/queries/reports";
import { seedActivity } from "@/db/seed-activity";
import { createBenchDatabase } from "../track-ingest/processes";

/**
 * `npm run bench:dashboard`: the server time of the overview's data and of the affiliates list for
 * a large merchant (1,000,000 visits, 100,000 leads, 20,000 purchases, 1,000 affiliates, all in
 * the last 90 days) and a small one (a thousandth of that) in the same database, calling the
 * same functions as the route handlers and pages. Median of RUNS runs after a warm-up. Needs
 * DATABASE_URL (a throwaway database is created on that server and dropped afterwards).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 41);
const WARMUP = 5;
const DAYS = 90;
const PAGE = 25;

const SIZES = {
  large: { affiliates: 1_000, visits: 1_000_000, leads: 100_000, purchases: 20_000 },
  small: { affiliates: 30, visits: 1_000, leads: 100, purchases: 20 },
};

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("The benchmark needs PostgreSQL: set DATABASE_URL.");
  const bench = await createBenchDatabase(baseUrl);
  const db = bench.handle.db;
  try {
    const merchants: Record<keyof typeof SIZES, string> = { large: "", small: "" };
    for (const [size, plan] of Object.entries(SIZES) as [keyof typeof SIZES, (typeof SIZES)["large"]][]) {
      const { merchant } = await createMerchant(db, {
        company: `${size} shop`,
        name: "Owner",
        email: `${size}@bench.example.com`,
        passwordHash: "-",
      });
      merchants[size] = merchant.id;
      const started = performance.now();
      await seedActivity(db, { merchantId: merchant.id, ...plan, days: DAYS });
      await foldReports(db, merchant.id);
      console.log(
        `seeded ${size}: ${fmt(plan.visits)} visits, ${fmt(plan.leads)} leads, ${fmt(plan.purchases)} purchases, ${fmt(plan.affiliates)} affiliates in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    await db.execute(sql`vacuum analyze`);

    const cases: { name: string; run: (merchantId: string) => Promise<unknown> }[] = [
      {
        name: "overview, 30 days (charts + top affiliates)",
        run: (merchantId) => overviewReport(db, { merchantId, days: 30, mode: "live" }),
      },
      {
        name: "overview, 90 days",
        run: (merchantId) => overviewReport(db, { merchantId, days: 90, mode: "live" }),
      },
      {
        name: "overview, 30 days, test mode",
        run: (merchantId) => overviewReport(db, { merchantId, days: 30, mode: "test" }),
      },
      { name: "affiliates list, newest", run: (merchantId) => affiliatesPage(db, merchantId, "newest") },
      { name: "affiliates list, by name", run: (merchantId) => affiliatesPage(db, merchantId, "name") },
      {
        name: "affiliates list, by earnings",
        run: (merchantId) => affiliatesPage(db, merchantId, "earnings"),
      },
      {
        name: "affiliates list, active only",
        run: (merchantId) => affiliatesPage(db, merchantId, "newest", "active"),
      },
    ];
    console.log(
      `\nmedian server time of ${RUNS} runs each, sizes alternating (after ${WARMUP} warm-up runs)\n`,
    );
    console.log(`${"".padEnd(46)}${"large".padStart(10)}${"small".padStart(10)}${"ratio".padStart(8)}`);
    let worst = 0;
    for (const c of cases) {
      const [large, small] = (await medians(
        () => c.run(merchants.large),
        () => c.run(merchants.small),
      )) as [number, number];
      const ratio = large / small;
      worst = Math.max(worst, ratio);
      console.log(
        `${c.name.padEnd(46)}${`${large.toFixed(2)} ms`.padStart(10)}${`${small.toFixed(2)} ms`.padStart(10)}${ratio.toFixed(2).padStart(8)}`,
      );
    }
    console.log(`\nworst ratio ${worst.toFixed(2)} (goal ≤ 1.5)`);
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept the database: ${bench.url}`);
    else await bench.drop();
  }
}

/** What the affiliates page does: the page of rows, their figures, the pending count. */
async function affiliatesPage(
  db: Database,
  merchantId: string,
  sort: "newest" | "name" | "earnings",
  status?: "active",
) {
  const currency = await leadingCurrency(db, merchantId, true, "usd");
  const [page, pending] = await Promise.all([
    listAffiliatePage(db, { merchantId, sort, status, limit: PAGE, cursor: null, livemode: true, currency }),
    countPendingAffiliates(db, merchantId),
  ]);
  const stats = await affiliateStats(
    db,
    merchantId,
    page.affiliates.map((a) => a.id),
  );
  return { page, pending, stats };
}

/**
 * Median time of each function, run alternately so that whatever else the machine is doing
 * weighs on both sizes alike.
 */
async function medians(...fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [j, fn] of fns.entries()) {
      const started = performance.now();
      await fn();
      times[j]!.push(performance.now() - started);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

const fmt = (n: number) => n.toLocaleString("en-US");

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
