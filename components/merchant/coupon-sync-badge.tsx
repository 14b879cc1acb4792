import type { AffiliateCouponState } from "@/lib/coupons/progress";

const tones: Record<AffiliateCouponState["status"], string> = {
  synced: "bg-emerald-100 text-emerald-800",
  pending: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
  none: "bg-slate-100 text-slate-700",
};

const labels: Record<AffiliateCouponState["status"], string> = {
  synced: "Synced",
  pending: "Pending",
  failed: "Failed",
  none: "Not synced",
};

/** An affiliate's coupon sync state: Synced, Pending, Not synced, or Failed with Stripe's reason. */
export function CouponSyncBadge({
  status,
  error,
  testId,
}: {
  status: AffiliateCouponState["status"];
  error: string | null;
  testId?: string;
}) {
  return (
    <span data-testid={testId} className="inline-flex flex-wrap items-baseline gap-1.5">
      <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tones[status]}`}>
        {status === "failed" ? "Failed:" : labels[status]}
      </span>
      {status === "failed" && (
        <>
          {" "}
          <span className="text-sm text-red-800">{error ?? "unknown reason"}</span>
        </>
      )}
    </span>
  );
}
