"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { MetricChart } from "@/components/shared/metric-chart";
import { Segmented } from "@/components/shared/segmented";
import { Alert } from "@/components/ui/card";
import type { Metrics, OverviewReport } from "@/db/queries/reports";
import { fetchJson } from "@/lib/fetch-json";
import { dashboardKeys } from "@/lib/query-keys";
import { type OverviewParams, overviewSearch } from "@/lib/reports/params";
import { ConversionCard } from "./conversion-card";
import { KpiTabs, METRICS, type MetricKey } from "./kpi-tabs";
import { TopAffiliates } from "./top-affiliates";

const PERIODS = [
  { value: 7, label: "7 days" },
  { value: 30, label: "30 days" },
  { value: 90, label: "90 days" },
] as const;
const MODES = [
  { value: "live", label: "Live" },
  { value: "test", label: "Test mode" },
] as const;

/**
 * The overview's interactive part: period, mode and currency live in the URL (so a reload or a
 * shared link shows the same view) without a server round trip; data comes from
 * /api/dashboard/overview through TanStack Query, the first view prefetched on the server.
 */
export function OverviewDashboard({ initial }: { initial: OverviewParams }) {
  const [params, setParams] = useState<OverviewParams>(initial);
  const [metric, setMetric] = useState<MetricKey>("visits");
  const query = useQuery({
    queryKey: dashboardKeys.overview(params),
    queryFn: () => fetchJson<OverviewReport>(`/api/dashboard/overview${overviewSearch(params)}`),
    placeholderData: keepPreviousData,
  });

  function update(next: Partial<OverviewParams>) {
    const merged = { ...params, ...next };
    if (next.mode && next.mode !== params.mode) merged.currency = undefined;
    setParams(merged);
    window.history.replaceState(null, "", `/dashboard${overviewSearch(merged)}`);
  }

  const report = query.data;
  const selected = METRICS.find((m) => m.key === metric)!;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <Segmented
            label="Period"
            options={[...PERIODS]}
            value={params.days}
            onChange={(days) => update({ days })}
          />
          {report && report.currencies.length > 1 && (
            <label className="flex items-center gap-2 text-sm text-slate-600">
              Currency
              <select
                className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                value={report.currency}
                onChange={(e) => update({ currency: e.target.value })}
              >
                {report.currencies.map((c) => (
                  <option key={c} value={c}>
                    {c.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <Segmented
          label="Stripe mode"
          options={[...MODES]}
          value={params.mode}
          onChange={(mode) => update({ mode })}
        />
      </div>

      {params.mode === "test" && (
        <Alert tone="warning">
          You are looking at <strong>test-mode</strong> purchases and commissions. They are kept apart from
          your live figures and never paid out. Visits and leads come from your site and are the same in both
          modes.
        </Alert>
      )}
      {query.isError && !report && (
        <Alert tone="error">The overview could not be loaded: {query.error.message}</Alert>
      )}

      {report ? (
        <div
          className={`space-y-6 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`}
          aria-busy={query.isFetching}
        >
          <KpiTabs report={report} selected={metric} onSelect={setMetric} />
          <section
            id="overview-chart"
            role="tabpanel"
            aria-label={`${selected.label} per day`}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-sm font-semibold text-slate-800">
                {selected.label} per day
                {selected.money && (
                  <span className="ml-1 font-normal text-slate-500">({report.currency.toUpperCase()})</span>
                )}
              </h2>
              <p className="flex items-center gap-4 text-xs text-slate-500">
                <span className="flex items-center gap-1.5">
                  <span aria-hidden className="inline-block h-0.5 w-4 rounded bg-brand-600" /> Last{" "}
                  {report.days} days
                </span>
                <span className="flex items-center gap-1.5">
                  <span aria-hidden className="inline-block w-4 border-t-2 border-dashed border-slate-400" />{" "}
                  Previous {report.days} days
                </span>
              </p>
            </div>
            {isEmpty(report.totals) && isEmpty(report.previous) ? (
              <NoActivity days={report.days} />
            ) : (
              <MetricChart
                label={selected.label}
                currency={selected.money ? report.currency : undefined}
                points={report.series.map((p, i) => ({
                  day: p.day,
                  value: p[metric],
                  previous: report.previousSeries[i]?.[metric] ?? 0,
                }))}
                summary={`${selected.label} per day over the last ${report.days} days`}
                kind={metric === "visits" || metric === "leads" ? "area" : "bar"}
              />
            )}
          </section>
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="xl:col-span-2">
              <TopAffiliates report={report} />
            </div>
            <ConversionCard report={report} />
          </div>
        </div>
      ) : (
        !query.isError && <p className="text-sm text-slate-500">Loading…</p>
      )}
    </div>
  );
}

function isEmpty(m: Metrics) {
  return !m.visits && !m.leads && !m.purchases && !m.revenue && !m.commissions;
}

function NoActivity({ days }: { days: number }) {
  return (
    <div className="flex h-[280px] flex-col items-center justify-center rounded-md border border-dashed border-slate-200 bg-slate-50/60 text-center">
      <p className="text-sm font-medium text-slate-800">No activity in the last {days} days</p>
      <p className="mt-1 max-w-sm text-sm text-slate-500">
        Visits appear once{" "}
        <Link className="text-brand-600 hover:underline" href="/dashboard/settings/tracking">
          the tracking script is on your site
        </Link>
        , and sales once{" "}
        <Link className="text-brand-600 hover:underline" href="/dashboard/apps">
          Stripe is connected
        </Link>
        .
      </p>
    </div>
  );
}
