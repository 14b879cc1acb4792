import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import type { OverviewReport } from "@/db/queries/reports";
import { displayName, formatMoney } from "@/lib/format";

/** The period's five affiliates who brought the most revenue. */
export function TopAffiliates({ report }: { report: OverviewReport }) {
  return (
    <section aria-labelledby="top-affiliates-title">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 id="top-affiliates-title" className="text-sm font-semibold text-slate-800">
          Top affiliates
        </h2>
        <Link className="text-sm text-brand-600 hover:underline" href="/dashboard/affiliates?sort=earnings">
          See all
        </Link>
      </div>
      {report.topAffiliates.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
          No affiliate sales in the last {report.days} days{report.mode === "test" ? " (test mode)" : ""}.
        </div>
      ) : (
        <Table
          label="Top affiliates"
          head={
            <>
              <Th>Affiliate</Th>
              <Th className="text-right">Visits</Th>
              <Th className="text-right">Leads</Th>
              <Th className="text-right">Purchases</Th>
              <Th className="text-right">Revenue</Th>
              <Th className="text-right">Commissions</Th>
            </>
          }
        >
          {report.topAffiliates.map((a) => (
            <tr key={a.id}>
              <Td>
                <Link
                  className="font-medium text-brand-600 hover:underline"
                  href={`/dashboard/affiliates/${a.id}`}
                >
                  {displayName(a)}
                </Link>
                <span className="ml-2 font-mono text-xs text-slate-500">{a.code}</span>
              </Td>
              <Td className="text-right tabular-nums">{a.visits.toLocaleString("en-US")}</Td>
              <Td className="text-right tabular-nums">{a.leads.toLocaleString("en-US")}</Td>
              <Td className="text-right tabular-nums">{a.purchases.toLocaleString("en-US")}</Td>
              <Td className="text-right font-medium text-slate-900 tabular-nums">
                {formatMoney(a.revenue, report.currency)}
              </Td>
              <Td className="text-right tabular-nums">{formatMoney(a.commissions, report.currency)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
