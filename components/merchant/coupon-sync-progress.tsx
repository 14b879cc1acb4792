"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { CouponSyncProgress as Progress } from "@/lib/coupons/progress";
import { couponSyncKeys, couponSyncUrls } from "@/lib/coupons/query-keys";
import { formatCount, formatDateTime } from "@/lib/format";

const COUNTS = [
  ["done", "Done"],
  ["failed", "Failed"],
  ["remaining", "Remaining"],
] as const;

async function fetchProgress(): Promise<Progress | null> {
  const res = await fetch(couponSyncUrls.progress, { cache: "no-store" });
  if (!res.ok) throw new Error(`coupon sync progress: ${res.status}`);
  return ((await res.json()) as { progress: Progress | null }).progress;
}

/** The latest bulk re-sync: a progress bar with done / failed / remaining, polled until it ends. */
export function CouponSyncProgress({ initial }: { initial: Progress | null }) {
  const { data: progress } = useQuery({
    queryKey: couponSyncKeys.progress(),
    queryFn: fetchProgress,
    initialData: initial,
    refetchInterval: (query) => (query.state.data && !query.state.data.finished ? 1_000 : false),
  });
  if (!progress) return null;
  const total = progress.total ?? 0;
  const handled = progress.done + progress.failed;
  const percent = total > 0 ? Math.round((handled / total) * 100) : progress.finished ? 100 : 0;
  return (
    <section aria-label="Coupon re-sync" className="space-y-2 rounded-md border border-slate-200 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="font-medium text-slate-800" data-testid="coupon-sync-state">
          {progress.total === null
            ? "Preparing the re-sync…"
            : progress.finished
              ? "Re-sync finished"
              : "Re-syncing affiliate coupon codes…"}
        </p>
        <p className="text-slate-500">Started {formatDateTime(progress.startedAt)}</p>
      </div>
      <div
        role="progressbar"
        aria-label="Coupon re-sync progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={handled}
        aria-valuetext={`${formatCount(handled)} of ${formatCount(total)} affiliates`}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full transition-[width] ${progress.failed ? "bg-amber-500" : "bg-brand-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {COUNTS.map(([key, label]) => (
          <div key={key} className="flex gap-1.5">
            <dt className="text-slate-500">{label}</dt>
            <dd className="tabular-nums" data-testid={`coupon-sync-${key}`}>
              {formatCount(progress[key])}
            </dd>
          </div>
        ))}
      </dl>
      {progress.failures.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label="Failed coupon codes">
          {progress.failures.map((f) => (
            <li key={f.affiliateId}>
              <Link
                className="text-brand-600 hover:underline"
                href={`/dashboard/affiliates/${f.affiliateId}`}
              >
                {f.name}
              </Link>{" "}
              {f.couponCode && <code className="font-mono">{f.couponCode}</code>}:{" "}
              <span className="text-red-800">{f.error}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
