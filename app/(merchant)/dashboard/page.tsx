import { sql } from "drizzle-orm";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { affiliates, leads, purchases, visits } from "@/db/schema";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { merchantId } = await requireMerchant();
  const db = await getDb();
  const count = (table: typeof affiliates | typeof leads | typeof purchases | typeof visits) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(sql`${table.merchantId} = ${merchantId}`)
      .then((rows) => rows[0]?.n ?? 0);
  const [affiliateCount, visitCount, leadCount, purchaseCount] = await Promise.all([
    count(affiliates),
    count(visits),
    count(leads),
    count(purchases),
  ]);
  const stats = [
    { label: "Affiliates", value: affiliateCount },
    { label: "Visits", value: visitCount },
    { label: "Leads", value: leadCount },
    { label: "Purchases", value: purchaseCount },
  ];
  return (
    <>
      <PageHeader title="Overview" description="Your affiliate program at a glance." />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label}>
            <p className="text-sm text-slate-500">{s.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{s.value.toLocaleString("en-US")}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
