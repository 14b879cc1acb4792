"use client";

import type { KeyboardEvent } from "react";
import type { Metrics, OverviewReport } from "@/db/queries/reports";
import { formatMoney, formatPercent, percentChange } from "@/lib/format";

export const METRICS = [
  { key: "visits", label: "Visits", money: false },
  { key: "leads", label: "Leads", money: false },
  { key: "purchases", label: "Purchases", money: false },
  { key: "revenue", label: "Revenue", money: true },
  { key: "commissions", label: "Commissions", money: true },
] as const satisfies readonly { key: keyof Metrics; label: string; money: boolean }[];
export type MetricKey = (typeof METRICS)[number]["key"];

/** The period's totals, one tab per metric: choosing one shows it in the chart below. */
export function KpiTabs({
  report,
  selected,
  onSelect,
}: {
  report: OverviewReport;
  selected: MetricKey;
  onSelect: (key: MetricKey) => void;
}) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const index = METRICS.findIndex((m) => m.key === selected);
    const next = METRICS[(index + step + METRICS.length) % METRICS.length]!;
    onSelect(next.key);
    document.getElementById(`kpi-${next.key}`)?.focus();
  }
  return (
    <div
      role="tablist"
      aria-label="Metrics"
      onKeyDown={onKeyDown}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5"
    >
      {METRICS.map((m) => {
        const value = report.totals[m.key];
        const change = percentChange(value, report.previous[m.key]);
        const active = m.key === selected;
        return (
          <button
            key={m.key}
            id={`kpi-${m.key}`}
            type="button"
            role="tab"
            aria-selected={active}
            aria-controls="overview-chart"
            tabIndex={active ? 0 : -1}
            onClick={() => onSelect(m.key)}
            className={`rounded-lg border bg-white px-4 py-3.5 text-left shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
              active ? "border-brand-500 ring-1 ring-brand-500" : "border-slate-200 hover:border-slate-300"
            }`}
          >
            <span className="block text-xs font-medium tracking-wide text-slate-500 uppercase">
              {m.label}
            </span>
            <span
              className="mt-1 block text-2xl font-semibold text-slate-900 tabular-nums"
              data-testid={`kpi-${m.key}`}
            >
              {m.money ? formatMoney(value, report.currency) : value.toLocaleString("en-US")}
            </span>
            <Change change={change} />
          </button>
        );
      })}
    </div>
  );
}

function Change({ change }: { change: number | null }) {
  if (change === null) return <span className="mt-1 block text-xs text-slate-500">New this period</span>;
  const up = change > 0.05;
  const down = change < -0.05;
  const shown =
    Math.abs(change) >= 1000 ? ">999%" : formatPercent(Math.abs(change), Math.abs(change) >= 100 ? 0 : 1);
  return (
    <span
      className={`mt-1 block text-xs font-medium ${up ? "text-emerald-700" : down ? "text-red-700" : "text-slate-500"}`}
    >
      <span aria-hidden>{up ? "▲ " : down ? "▼ " : ""}</span>
      <span className="sr-only">{up ? "up " : down ? "down " : "unchanged "}</span>
      {up || down ? shown : "0%"}
      <span className="font-normal text-slate-500"> vs prior</span>
    </span>
  );
}
