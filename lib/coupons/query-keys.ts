/** TanStack Query keys for coupon sync state (the browser polls these while work is pending). */
export const couponSyncKeys = {
  all: ["coupon-sync"] as const,
  progress: () => [...couponSyncKeys.all, "progress"] as const,
  affiliate: (affiliateId: string) => [...couponSyncKeys.all, "affiliate", affiliateId] as const,
};

export const couponSyncUrls = {
  progress: "/api/dashboard/coupon-sync",
  affiliate: (affiliateId: string) =>
    `/api/dashboard/affiliates/${encodeURIComponent(affiliateId)}/coupon-sync`,
};
