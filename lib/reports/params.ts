import { REPORT_PERIODS, type ReportMode, type ReportPeriod } from "@/db/queries/reports";

export interface OverviewParams {
  days: ReportPeriod;
  mode: ReportMode;
  currency?: string;
}

type Query = URLSearchParams | Record<string, string | string[] | undefined>;

function get(query: Query, key: string): string | undefined {
  const value = query instanceof URLSearchParams ? query.get(key) : query[key];
  return typeof value === "string" ? value : undefined;
}

/** Period, mode and currency from a URL; anything unexpected falls back to the defaults. */
export function parseOverviewParams(query: Query): OverviewParams {
  const days = Number(get(query, "days"));
  const currency = get(query, "currency")?.toLowerCase();
  return {
    days: (REPORT_PERIODS as readonly number[]).includes(days) ? (days as ReportPeriod) : 30,
    mode: get(query, "mode") === "test" ? "test" : "live",
    currency: currency && /^[a-z]{3}$/.test(currency) ? currency : undefined,
  };
}

export function overviewSearch(params: OverviewParams): string {
  const query = new URLSearchParams();
  if (params.days !== 30) query.set("days", String(params.days));
  if (params.mode !== "live") query.set("mode", params.mode);
  if (params.currency) query.set("currency", params.currency);
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** The portal's chart: the same periods. */
export function parsePeriod(value: string | null | undefined): ReportPeriod {
  const days = Number(value);
  return (REPORT_PERIODS as readonly number[]).includes(days) ? (days as ReportPeriod) : 30;
}
