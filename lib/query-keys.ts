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
