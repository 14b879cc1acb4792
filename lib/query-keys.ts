import type { OverviewParams } from "@/lib/reports/params";

/** TanStack Query keys, one factory per area, so prefetching and fetching agree on them. */
export const dashboardKeys = {
  all: ["dashboard"] as const,
  tryIt: ["dashboard", "try-it"] as const,
  overview: (p: OverviewParams) => ["dashboard", "overview", p.days, p.mode, p.currency ?? ""] as const,
  affiliatePurchases: (affiliateId: string, cursor: string | null) =>
    ["dashboard", "affiliate", affiliateId, "purchases", cursor ?? ""] as const,
  affiliateCommissions: (affiliateId: string, cursor: string | null) =>
    ["dashboard", "affiliate", affiliateId, "commissions", cursor ?? ""] as const,
};

export const portalKeys = {
  stats: (days: number) => ["portal", "stats", days] as const,
};

/** GETs JSON from our route handlers; their `{ error: { message } }` becomes the thrown message. */
export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}
