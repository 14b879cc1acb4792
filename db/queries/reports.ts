import { sql } from "drizzle-orm";
import type { Database } from "../index";
import { rows } from "./raw";

/**
 * Reports read the rollups of db/schema/reports.ts plus the deltas not folded into them yet, so
 * each query touches a number of rows bounded by the period (days × currencies), not by how many
 * visits or sales a merchant has. Days are UTC dates ("YYYY-MM-DD").
 * Over 300 lines: the overview, the affiliate figures and the portal series share the fold
 * (rollups + pending deltas) and its SQL fragments; one file keeps them reading the same way.
 */

export type ReportMode = "live" | "test";
export const REPORT_PERIODS = [7, 30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface Metrics {
  visits: number;
  leads: number;
  purchases: number;
  /** Minor units of `currency`. */
  revenue: number;
  commissions: number;
}
export type DayMetrics = Metrics & { day: string };

export interface TopAffiliate extends Metrics {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  code: string;
  status: "pending" | "active" | "inactive";
}

export interface OverviewReport {
  days: number;
  mode: ReportMode;
  from: string;
  to: string;
  /** Money figures are in this currency; `currencies` lists every one seen in the period. */
  currency: string;
  currencies: string[];
  series: DayMetrics[];
  totals: Metrics;
  /** The same length of time just before `from`, for the change figures and the comparison line. */
  previous: Metrics;
  previousSeries: DayMetrics[];
  topAffiliates: TopAffiliate[];
}

const ZERO: Metrics = { visits: 0, leads: 0, purchases: 0, revenue: 0, commissions: 0 };
/** Deltas pending for a merchant beyond which a read folds them (writers fold too, now and then). */
const FOLD_AFTER = 64;

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** Moves a merchant's pending deltas into the rollups; -1 when another fold holds the merchant. */
export async function foldReports(db: Database, merchantId: string): Promise<number> {
  const [row] = await rows<{ moved: number }>(db, sql`select report_fold(${merchantId}) as moved`);
  return Number(row?.moved ?? 0);
}

async function pendingDeltas(db: Database, merchantId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::float8 as n from (select 1 from report_deltas where merchant_id = ${merchantId} limit ${FOLD_AFTER + 1}) d`,
  );
  return row?.n ?? 0;
}

/** Folds when enough deltas wait; cheap when none do. Never changes what a reader sees. */
export async function foldIfBusy(db: Database, merchantId: string): Promise<void> {
  if ((await pendingDeltas(db, merchantId)) > FOLD_AFTER) await foldReports(db, merchantId);
}

const metricSums = sql.raw(
  "sum(visits)::float8 as visits, sum(leads)::float8 as leads, sum(purchases)::float8 as purchases, sum(revenue)::float8 as revenue, sum(commissions)::float8 as commissions",
);

/**
 * The overview (SPEC §1): per-day series for the period, its totals and the previous period's,
 * and the affiliates who brought the most revenue in it. Visits and leads are the same in both
 * modes (the merchant's site has no test mode); money follows `mode`.
 */
export async function overviewReport(
  db: Database,
  params: {
    merchantId: string;
    days: number;
    mode: ReportMode;
    currency?: string;
    defaultCurrency?: string;
    today?: string;
  },
): Promise<OverviewReport> {
  const { merchantId, days, mode } = params;
  const to = params.today ?? utcDay(new Date());
  const from = addDays(to, -(days - 1));
  const previousFrom = addDays(from, -days);
  const live = mode === "live";
  const dayRows = await rows<Metrics & { day: string; currency: string }>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, currency, ${metricSums}
      from (
        select day, currency, visits, leads, purchases, revenue, commissions from report_daily
        where merchant_id = ${merchantId} and day >= ${previousFrom}::date and day <= ${to}::date
          and (currency = '' or livemode = ${live})
        union all
        select day, currency, visits, leads, purchases, revenue, commissions from report_deltas
        where merchant_id = ${merchantId} and day >= ${previousFrom}::date and day <= ${to}::date
          and (currency = '' or livemode = ${live})
      ) r
      group by day, currency`,
  );

  const currencies = rankCurrencies(
    dayRows.filter((row) => row.day >= from),
    (row) => row.revenue,
  );
  const currency =
    params.currency && currencies.includes(params.currency)
      ? params.currency
      : (currencies[0] ?? params.defaultCurrency ?? "usd");

  const byDay = new Map<string, DayMetrics>();
  for (let i = -days; i < days; i++) {
    const day = addDays(from, i);
    byDay.set(day, { day, ...ZERO });
  }
  for (const row of dayRows) {
    const point = byDay.get(row.day);
    if (!point) continue;
    if (row.currency === "") {
      point.visits += row.visits;
      point.leads += row.leads;
    } else {
      // Purchases count in every currency; money only in the one shown.
      point.purchases += row.purchases;
      if (row.currency === currency) {
        point.revenue += row.revenue;
        point.commissions += row.commissions;
      }
    }
  }
  const all = [...byDay.values()];
  const series = all.filter((p) => p.day >= from);
  const previousSeries = all.filter((p) => p.day < from);
  const topAffiliates = await topAffiliatesOf(db, { merchantId, live, currency, days, from, to });
  await foldIfBusy(db, merchantId);
  return {
    days,
    mode,
    from,
    to,
    currency,
    currencies: currencies.length ? currencies : [currency],
    series,
    totals: sumMetrics(series),
    previous: sumMetrics(previousSeries),
    previousSeries,
    topAffiliates,
  };
}

/** Currencies of money rows, most of `amount` first (then most rows: refunds can net to zero). */
function rankCurrencies<R extends { currency: string }>(found: R[], amount: (row: R) => number): string[] {
  const seen = new Map<string, { amount: number; rows: number }>();
  for (const row of found) {
    if (!row.currency) continue;
    const entry = seen.get(row.currency) ?? { amount: 0, rows: 0 };
    entry.amount += amount(row);
    entry.rows += 1;
    seen.set(row.currency, entry);
  }
  return [...seen.entries()]
    .sort((a, b) => b[1].amount - a[1].amount || b[1].rows - a[1].rows || a[0].localeCompare(b[0]))
    .map(([currency]) => currency);
}

function sumMetrics(points: Metrics[]): Metrics {
  const total = { ...ZERO };
  for (const p of points) {
    total.visits += p.visits;
    total.leads += p.leads;
    total.purchases += p.purchases;
    total.revenue += p.revenue;
    total.commissions += p.commissions;
  }
  return total;
}

/**
 * The period's affiliates ranked by revenue kept. For the overview's periods (7/30/90 days
 * ending today) the ranking comes from affiliate_windows: the top entries of an index, plus
 * whoever has deltas not folded in yet, so the work does not grow with the number of affiliates.
 * Any other period (or a `today` the windows do not end on) adds up the period's days instead.
 */
async function topAffiliatesOf(
  db: Database,
  p: { merchantId: string; live: boolean; currency: string; days: number; from: string; to: string },
  limit = 5,
): Promise<TopAffiliate[]> {
  const ranked = (await windowsEndOn(db, p.merchantId, p.to, p.days))
    ? sql`pending as (
          select affiliate_id, sum(purchases) as purchases, sum(revenue) as revenue, sum(commissions) as commissions
          from report_deltas
          where merchant_id = ${p.merchantId} and livemode = ${p.live} and currency = ${p.currency}
            and day >= ${p.from}::date and affiliate_id is not null
          group by affiliate_id
        ), top as (
          select affiliate_id, purchases, revenue, commissions from affiliate_windows
          where merchant_id = ${p.merchantId} and livemode = ${p.live} and currency = ${p.currency}
            and window_days = ${p.days}
          order by revenue desc nulls last, commissions desc nulls last, affiliate_id
          limit ${limit} + (select count(*) from pending)
        ), ranked as (
          -- The top of the index, the window totals of anyone else with pending deltas, and the deltas.
          select affiliate_id, sum(purchases)::float8 as purchases, sum(revenue)::float8 as revenue,
            sum(commissions)::float8 as commissions
          from (
            select affiliate_id, purchases, revenue, commissions from top
            union all
            select w.affiliate_id, w.purchases, w.revenue, w.commissions
            from pending d join affiliate_windows w on w.merchant_id = ${p.merchantId}
              and w.livemode = ${p.live} and w.currency = ${p.currency} and w.window_days = ${p.days}
              and w.affiliate_id = d.affiliate_id
            where d.affiliate_id not in (select affiliate_id from top)
            union all
            select affiliate_id, purchases, revenue, commissions from pending
          ) c
          group by affiliate_id
          having sum(purchases) <> 0 or sum(revenue) <> 0 or sum(commissions) <> 0
          order by sum(revenue) desc, sum(commissions) desc, affiliate_id
          limit ${limit}
        )`
    : sql`ranked as (
          select affiliate_id, ${metricSums} from (
            select affiliate_id, visits, leads, purchases, revenue, commissions from affiliate_daily
            where merchant_id = ${p.merchantId} and livemode = ${p.live} and currency = ${p.currency}
              and day >= ${p.from}::date and day <= ${p.to}::date
            union all
            select affiliate_id, visits, leads, purchases, revenue, commissions from report_deltas
            where merchant_id = ${p.merchantId} and livemode = ${p.live} and currency = ${p.currency}
              and day >= ${p.from}::date and day <= ${p.to}::date and affiliate_id is not null
          ) m
          group by affiliate_id
          having sum(purchases) <> 0 or sum(revenue) <> 0 or sum(commissions) <> 0
          order by sum(revenue) desc, sum(commissions) desc, affiliate_id
          limit ${limit}
        )`;
  return rows<TopAffiliate>(
    db,
    sql`with ${ranked}
      select a.id, a.first_name as "firstName", a.last_name as "lastName", a.email, a.code, a.status,
        coalesce(t.visits, 0)::float8 as visits, coalesce(t.leads, 0)::float8 as leads,
        r.purchases, r.revenue, r.commissions
      from ranked r
      join affiliates a on a.merchant_id = ${p.merchantId} and a.id = r.affiliate_id
      left join lateral (
        select sum(visits) as visits, sum(leads) as leads from (
          select visits, leads from affiliate_daily
          where merchant_id = ${p.merchantId} and affiliate_id = r.affiliate_id and livemode and currency = ''
            and day >= ${p.from}::date and day <= ${p.to}::date
          union all
          select visits, leads from report_deltas
          where merchant_id = ${p.merchantId} and affiliate_id = r.affiliate_id and currency = ''
            and day >= ${p.from}::date and day <= ${p.to}::date
        ) x
      ) t on true
      order by r.revenue desc, r.commissions desc, a.id`,
  );
}

const WINDOWS = new Set([7, 30, 90]);

/**
 * Whether the merchant's affiliate windows can answer a period of `days` ending on `today`:
 * they end on the database's current UTC day once slid, which the first read of a day does
 * (waiting for a fold in progress, once a day at most).
 */
async function windowsEndOn(db: Database, merchantId: string, today: string, days: number): Promise<boolean> {
  if (!WINDOWS.has(days)) return false;
  const state = async () => {
    const [row] = await rows<{ asOf: string }>(
      db,
      sql`select to_char(as_of, 'YYYY-MM-DD') as "asOf" from report_window_state where merchant_id = ${merchantId}`,
    );
    return row?.asOf ?? null;
  };
  if ((await state()) === today) return true;
  if (today !== utcDay(new Date())) return false;
  await rows(db, sql`select report_fold(${merchantId}, true)`);
  return (await state()) === today;
}

export interface AffiliateMoney {
  livemode: boolean;
  currency: string;
  purchases: number;
  revenue: number;
  commissions: number;
}
export interface AffiliateStats {
  visits: number;
  leads: number;
  money: AffiliateMoney[];
}

/** To-date figures for some of a merchant's affiliates (a page of a list, or one affiliate). */
export async function affiliateStats(
  db: Database,
  merchantId: string,
  affiliateIds: string[],
): Promise<Map<string, AffiliateStats>> {
  const stats = new Map<string, AffiliateStats>(
    affiliateIds.map((id) => [id, { visits: 0, leads: 0, money: [] }]),
  );
  if (!affiliateIds.length) return stats;
  const ids = sql.join(
    affiliateIds.map((id) => sql`(${id}::text)`),
    sql`, `,
  );
  const found = await rows<Metrics & { affiliateId: string; livemode: boolean; currency: string }>(
    db,
    // One index probe per affiliate (a lateral join), whatever the planner thinks of a small table.
    sql`select affiliate_id as "affiliateId", livemode, currency, ${metricSums} from (
        select t.affiliate_id, t.livemode, t.currency, t.visits, t.leads, t.purchases, t.revenue, t.commissions
        from (values ${ids}) as ids(id)
        cross join lateral (
          select * from affiliate_totals where merchant_id = ${merchantId} and affiliate_id = ids.id
        ) t
        union all
        select affiliate_id, livemode, currency, visits, leads, purchases, revenue, commissions
        from report_deltas where merchant_id = ${merchantId} and affiliate_id in (select id from (values ${ids}) as ids(id))
      ) s
      group by affiliate_id, livemode, currency
      order by affiliate_id, livemode desc, sum(commissions) desc, currency`,
  );
  for (const row of found) {
    const entry = stats.get(row.affiliateId);
    if (!entry) continue;
    if (row.currency === "") {
      entry.visits += row.visits;
      entry.leads += row.leads;
    } else if (row.purchases || row.revenue || row.commissions) {
      const { livemode, currency, purchases, revenue, commissions } = row;
      entry.money.push({ livemode, currency, purchases, revenue, commissions });
    }
  }
  return stats;
}

/**
 * The currency most of a merchant's commissions are in (for one mode): what "earnings" are
 * ranked in. `fallback` when there are none yet.
 */
export async function leadingCurrency(
  db: Database,
  merchantId: string,
  live: boolean,
  fallback: string,
): Promise<string> {
  const [row] = await rows<{ currency: string }>(
    db,
    sql`select currency from report_totals
      where merchant_id = ${merchantId} and livemode = ${live} and currency <> ''
      order by commissions desc, revenue desc, currency limit 1`,
  );
  return row?.currency ?? fallback;
}

/** One affiliate's days (portal chart): traffic, and live-mode purchases in every currency. */
export async function affiliateSeries(
  db: Database,
  params: { merchantId: string; affiliateId: string; days: number; today?: string },
): Promise<{ from: string; to: string; series: DayMetrics[]; totals: Metrics; currency: string | null }> {
  const to = params.today ?? utcDay(new Date());
  const from = addDays(to, -(params.days - 1));
  const found = await rows<Metrics & { day: string; livemode: boolean; currency: string }>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, livemode, currency, ${metricSums} from (
        select day, livemode, currency, visits, leads, purchases, revenue, commissions from affiliate_daily
        where merchant_id = ${params.merchantId} and affiliate_id = ${params.affiliateId}
          and day >= ${from}::date and day <= ${to}::date
        union all
        select day, livemode, currency, visits, leads, purchases, revenue, commissions from report_deltas
        where merchant_id = ${params.merchantId} and affiliate_id = ${params.affiliateId}
          and day >= ${from}::date and day <= ${to}::date
      ) s
      group by day, livemode, currency`,
  );
  const currency =
    rankCurrencies(
      found.filter((row) => row.livemode),
      (row) => row.commissions,
    )[0] ?? null;
  const byDay = new Map<string, DayMetrics>();
  for (let i = 0; i < params.days; i++) {
    const day = addDays(from, i);
    byDay.set(day, { day, ...ZERO });
  }
  for (const row of found) {
    const point = byDay.get(row.day);
    if (!point) continue;
    if (row.currency === "") {
      point.visits += row.visits;
      point.leads += row.leads;
    } else if (row.livemode) {
      point.purchases += row.purchases;
      if (row.currency === currency) {
        point.revenue += row.revenue;
        point.commissions += row.commissions;
      }
    }
  }
  const series = [...byDay.values()];
  return { from, to, series, totals: sumMetrics(series), currency };
}
