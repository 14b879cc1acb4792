import type { OverviewReport } from "@/db/queries/reports";
import { formatMoney, formatPercent } from "@/lib/format";

/** How the period's traffic turned into sales, and what the program cost. */
export function ConversionCard({ report }: { report: OverviewReport }) {
  const { visits, leads, purchases, revenue, commissions } = report.totals;
  const rate = (a: number, b: number) => (b > 0 ? (a / b) * 100 : null);
  const rows = [
    { label: "Visits → leads", value: rate(leads, visits) },
    { label: "Leads → purchases", value: rate(purchases, leads) },
    { label: "Commissions / revenue", value: rate(commissions, revenue) },
  ];
  return (
    <section
      aria-labelledby="conversion-title"
      className="h-fit rounded-lg border border-slate-200 bg-white p-5 shadow-sm xl:mt-7"
    >
      <h2 id="conversion-title" className="text-sm font-semibold text-slate-800">
        Conversion
      </h2>
      <dl className="mt-4 space-y-4">
        {rows.map((row) => (
          <div key={row.label}>
            <div className="flex items-baseline justify-between text-sm">
              <dt className="text-slate-600">{row.label}</dt>
              <dd className="font-semibold text-slate-900 tabular-nums">
                {row.value === null ? "—" : formatPercent(row.value)}
              </dd>
            </div>
            <div aria-hidden className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-100">
              <div
                className="h-full rounded-full bg-brand-500"
                style={{ width: `${Math.min(100, Math.max(row.value ?? 0, row.value ? 2 : 0))}%` }}
              />
            </div>
          </div>
        ))}
      </dl>
      <p className="mt-5 border-t border-slate-100 pt-4 text-sm text-slate-600">
        Average sale{" "}
        <span className="font-semibold text-slate-900 tabular-nums">
          {purchases > 0 ? formatMoney(Math.round(revenue / purchases), report.currency) : "—"}
        </span>
      </p>
    </section>
  );
}
