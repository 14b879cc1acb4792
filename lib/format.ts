import { toMajorUnits } from "@/lib/money";

/** How the dashboard, the portal and the charts write figures and dates: fixed locale, UTC, the same on server and client. */

/** Dates in the dashboard: UTC, stated as such (SPEC §2), the same on server and client. */
export function formatDateTime(date: Date | string): string {
  const value = typeof date === "string" ? new Date(date) : date;
  return `${value.toLocaleString("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "Ada Lovelace", or the email when an affiliate has no name. */
export function displayName(person: {
  firstName: string | null;
  lastName: string | null;
  email?: string | null;
}) {
  const name = [person.firstName, person.lastName].filter(Boolean).join(" ").trim();
  return name || person.email || "";
}

/** Minor units → "$12.34" (the currency's own number of decimals: ¥1,200 has none). */
export function formatMoney(amount: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  return format.format(toMajorUnits(amount, currency));
}

export function formatCompact(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** Minor units → "$1.2K" for axes. */
export function formatCompactMoney(amount: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(amount / 10 ** digits);
}

/** "2026-11-03" → "Nov 3". */
export function formatDay(day: string, withYear = false): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
    ...(withYear ? { year: "numeric" } : {}),
  });
}

/** Change from the previous period as a signed percentage, or null when there is nothing to compare. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

export function formatPercent(value: number, digits = 1): string {
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 })}%`;
}

/** A moment's UTC date, "Nov 3, 2026": for lists where the time of day is noise. */
export function formatDate(date: Date | string): string {
  return new Date(date).toLocaleDateString("en-US", { timeZone: "UTC", dateStyle: "medium" });
}
