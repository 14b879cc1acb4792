import { bigint, boolean, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { merchantRef } from "./columns";

/**
 * Pre-aggregated reporting (dashboard overview, affiliate lists, portal stats), kept up to date by
 * database triggers on visits, leads, purchases and commissions (migration 0004+): every write
 * appends a signed delta to `report_deltas`, never updating a shared counter row, so concurrent
 * writers never wait on each other. Deltas are folded into the rollups in batches
 * (`report_fold`); a reader adds the rollups and the not-yet-folded deltas, which is exact at
 * every moment because a fold moves rows from one to the other in a single transaction.
 *
 * Visits and leads come from the merchant's site, which has no Stripe mode: they are counted
 * under livemode = true and currency '' (the "traffic" rows). Money rows carry the purchase's or
 * commission's mode and currency. Days are UTC dates.
 */
const metrics = () => ({
  visits: bigint({ mode: "number" }).notNull().default(0),
  leads: bigint({ mode: "number" }).notNull().default(0),
  /** Verified purchases (script-reported, unverified ones are not counted). */
  purchases: bigint({ mode: "number" }).notNull().default(0),
  /** Amount kept: paid less refunded (a lost dispute keeps nothing), minor units. */
  revenue: bigint({ mode: "number" }).notNull().default(0),
  /** Commissions that are not cancelled (clawbacks count negative), minor units. */
  commissions: bigint({ mode: "number" }).notNull().default(0),
});

export const reportDeltas = pgTable(
  "report_deltas",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: merchantRef(),
    affiliateId: text(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    ...metrics(),
  },
  (t) => [index("report_deltas_merchant_idx").on(t.merchantId, t.day)],
);

/** The merchant's days: the overview's charts. */
export const reportDaily = pgTable(
  "report_daily",
  {
    merchantId: merchantRef(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    ...metrics(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.livemode, t.currency, t.day] })],
);

/** Each affiliate's days: top affiliates of a period, the portal's chart. */
export const affiliateDaily = pgTable(
  "affiliate_daily",
  {
    merchantId: merchantRef(),
    affiliateId: text().notNull(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    ...metrics(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.affiliateId, t.livemode, t.currency, t.day] }),
    // Ranking a period's affiliates reads only the money rows of that period.
    index("affiliate_daily_period_idx").on(t.merchantId, t.livemode, t.currency, t.day),
  ],
);

/** Each affiliate's totals to date: the affiliates list (sorted by earnings) and detail page. */
export const affiliateTotals = pgTable(
  "affiliate_totals",
  {
    merchantId: merchantRef(),
    affiliateId: text().notNull(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    ...metrics(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.affiliateId, t.livemode, t.currency] }),
    index("affiliate_totals_earnings_idx").on(
      t.merchantId,
      t.livemode,
      t.currency,
      t.commissions.desc(),
      t.affiliateId.desc(),
    ),
  ],
);

/** The merchant's totals to date per mode and currency (which currency leads, all-time figures). */
export const reportTotals = pgTable(
  "report_totals",
  {
    merchantId: merchantRef(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    ...metrics(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.livemode, t.currency] })],
);

/**
 * Each affiliate's money over the last 7, 30 and 90 days (the overview's periods), so ranking a
 * period's top affiliates reads a handful of index entries instead of every affiliate's days.
 * report_fold slides the windows to the current day (subtracting the days that left them) before
 * it adds new deltas; `report_window_state.as_of` is the day they end on.
 */
export const affiliateWindows = pgTable(
  "affiliate_windows",
  {
    merchantId: merchantRef(),
    livemode: boolean().notNull(),
    currency: text().notNull(),
    windowDays: integer().notNull(),
    affiliateId: text().notNull(),
    purchases: bigint({ mode: "number" }).notNull().default(0),
    revenue: bigint({ mode: "number" }).notNull().default(0),
    commissions: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.livemode, t.currency, t.windowDays, t.affiliateId] }),
    index("affiliate_windows_rank_idx").on(
      t.merchantId,
      t.livemode,
      t.currency,
      t.windowDays,
      t.revenue.desc(),
      t.commissions.desc(),
      t.affiliateId,
    ),
  ],
);

export const reportWindowState = pgTable("report_window_state", {
  merchantId: text().primaryKey(),
  asOf: date({ mode: "string" }).notNull(),
});

export type ReportDaily = typeof reportDaily.$inferSelect;
export type AffiliateTotals = typeof affiliateTotals.$inferSelect;
