"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MetricChart } from "@/components/shared/metric-chart";
import { Segmented } from "@/components/shared/segmented";
import { Alert } from "@/components/ui/card";
import type { DayMetrics, Metrics } from "@/db/queries/reports";
import { fetchJson } from "@/lib/fetch-json";
import { portalKeys } from "@/lib/query-keys";

type Stats = { from: string; to: string; series: DayMetrics[]; totals: Metrics; currency: string | null };
const METRICS = [
  { key: "visits", label: "Visits" },
  { key: "leads", label: "Leads" },
  { key: "purchases", label: "Purchases" },
] as const;
const PERIODS = [
  { value: 7, label: "7 days" },
  { value: 30, label: "30 days" },
  { value: 90, label: "90 days" },
];

/** The affiliate's visits, leads and purchases per day (live mode), from /api/portal/stats. */
export function PortalStats({ initialDays }: { initialDays: number }) {
  const [days, setDays] = useState(initialDays);
  const [metric, setMetric] = useState<(typeof METRICS)[number]["key"]>("visits");
  const query = useQuery({
    queryKey: portalKeys.stats(days),
    queryFn: () => fetchJson<Stats>(`/api/portal/stats?days=${days}`),
    placeholderData: keepPreviousData,
  });
  const stats = query.data;
  const selected = METRICS.find((m) => m.key === metric)!;
  return (
    <section
      aria-labelledby="portal-stats-title"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="portal-stats-title" className="text-sm font-semibold text-slate-800">
          Your results
        </h2>
        <Segmented label="Period" options={PERIODS} value={days} onChange={setDays} />
      </div>
      {query.isError && <Alert tone="error">Your stats could not be loaded: {query.error.message}</Alert>}
      {stats && (
        <div className={query.isPlaceholderData ? "opacity-60" : ""}>
          <div role="tablist" aria-label="Metrics" className="mt-4 grid grid-cols-3 gap-3">
            {METRICS.map((m) => (
              <button
                key={m.key}
                type="button"
                role="tab"
                aria-selected={m.key === metric}
                aria-controls="portal-chart"
                onClick={() => setMetric(m.key)}
                className={`rounded-lg border px-4 py-3 text-left transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
                  m.key === metric
                    ? "border-brand-500 bg-brand-50/40 ring-1 ring-brand-500"
                    : "border-slate-200 hover:border-slate-300"
                }`}
              >
                <span className="block text-xs font-medium tracking-wide text-slate-500 uppercase">
                  {m.label}
                </span>
                <span
                  className="mt-1 block text-2xl font-semibold text-slate-900 tabular-nums"
                  data-testid={`portal-${m.key}`}
                >
                  {stats.totals[m.key].toLocaleString("en-US")}
                </span>
              </button>
            ))}
          </div>
          <div id="portal-chart" role="tabpanel" aria-label={`${selected.label} per day`} className="mt-5">
            <MetricChart
              label={selected.label}
              height={240}
              points={stats.series.map((p) => ({ day: p.day, value: p[metric] }))}
              summary={`${selected.label} per day over the last ${days} days`}
              kind={metric === "purchases" ? "bar" : "area"}
            />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Days are UTC. Test-mode purchases are not counted here.
          </p>
        </div>
      )}
    </section>
  );
}
