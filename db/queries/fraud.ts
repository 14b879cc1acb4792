import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { leads } from "../schema";

/** How many of this merchant's leads came from one visitor (one browser). */
export async function leadCountForVisitorOfLead(db: Database, merchantId: string, leadId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(
      and(
        eq(leads.merchantId, merchantId),
        sql`${leads.visitorId} = (select l.visitor_id from leads l where l.merchant_id = ${merchantId} and l.id = ${leadId})`,
      ),
    );
  return row?.n ?? 0;
}

/** How many of this merchant's leads were recorded from the address of this lead. */
export async function leadCountForAddressOfLead(db: Database, merchantId: string, leadId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(
      and(
        eq(leads.merchantId, merchantId),
        sql`${leads.ipHash} = (select l.ip_hash from leads l where l.merchant_id = ${merchantId} and l.id = ${leadId})`,
      ),
    );
  return row?.n ?? 0;
}
