import type { Interval } from "./objects";

const DAY = 86_400;

/**
 * Adds billing intervals the way Stripe anchors them: months keep the day of the month, clamped to
 * the month's last day (Jan 31 + 1 month = Feb 28/29), so periods never drift into the next month.
 */
export function addInterval(seconds: number, interval: Interval, count = 1): number {
  if (interval === "day") return seconds + count * DAY;
  if (interval === "week") return seconds + count * 7 * DAY;
  const months = interval === "year" ? count * 12 : count;
  const date = new Date(seconds * 1000);
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}
