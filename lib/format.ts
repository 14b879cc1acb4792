import { toMajorUnits } from "@/lib/money";

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
