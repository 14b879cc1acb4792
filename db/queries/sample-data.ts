import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, commissions, leads, purchases, visits } from "../schema";
import { activityTag, seedActivity } from "../seed-activity";

/**
 * Sample activity for one merchant (the Try it panel's "Load sample data", local use): made by the
 * bench generator under one batch name, so every row it added carries the same tag in its id
 * (`activityTag`) and removing deletes exactly those rows. Deletes go through the reporting
 * triggers like any other write, so the rollups lose exactly what the sample added.
 */
const BATCH = "sample";
const startsWith = (column: unknown, prefix: string) => sql`starts_with(${column}, ${prefix})`;

function prefixes(merchantId: string) {
  const tag = activityTag(merchantId, BATCH);
  return {
    affiliate: `aff_${tag}_`,
    lead: `lead_${tag}_`,
    purchase: `pur_${tag}_`,
    commission: `com_${tag}_`,
    visitor: `vis_${tag}_`,
  };
}

export async function hasSampleData(db: Database, merchantId: string): Promise<boolean> {
  const p = prefixes(merchantId);
  const [row] = await db
    .select({ n: count() })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), startsWith(affiliates.id, p.affiliate)));
  return Number(row?.n ?? 0) > 0;
}

export interface SampleSize {
  affiliates: number;
  visits: number;
  leads: number;
  purchases: number;
  days: number;
}

/** Adds the sample; its affiliates' names say "(sample)" wherever they are listed. */
export async function insertSampleData(db: Database, merchantId: string, size: SampleSize) {
  await seedActivity(db, { merchantId, ...size, batch: BATCH, testShare: 0 });
  await db
    .update(affiliates)
    .set({ lastName: sql`trim(coalesce(${affiliates.lastName}, '') || ' (sample)')` })
    .where(
      and(eq(affiliates.merchantId, merchantId), startsWith(affiliates.id, prefixes(merchantId).affiliate)),
    );
}

/** Sample commissions a payout has taken: removing them would change a payout's history. */
export async function samplePaidOut(db: Database, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        startsWith(commissions.id, prefixes(merchantId).commission),
        isNotNull(commissions.payoutId),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Deletes what insertSampleData added, in one transaction; returns how many rows of each. */
export async function deleteSampleData(db: Database, merchantId: string) {
  const p = prefixes(merchantId);
  return db.transaction(async (tx) => {
    const gone = async (query: Promise<{ id: unknown }[]>) => (await query).length;
    const removed = {
      commissions: await gone(
        tx
          .delete(commissions)
          .where(and(eq(commissions.merchantId, merchantId), startsWith(commissions.id, p.commission)))
          .returning({ id: commissions.id }),
      ),
      purchases: await gone(
        tx
          .delete(purchases)
          .where(and(eq(purchases.merchantId, merchantId), startsWith(purchases.id, p.purchase)))
          .returning({ id: purchases.id }),
      ),
      leads: await gone(
        tx
          .delete(leads)
          .where(and(eq(leads.merchantId, merchantId), startsWith(leads.id, p.lead)))
          .returning({ id: leads.id }),
      ),
      visits: await gone(
        tx
          .delete(visits)
          .where(and(eq(visits.merchantId, merchantId), startsWith(visits.visitorId, p.visitor)))
          .returning({ id: visits.id }),
      ),
      affiliates: await gone(
        tx
          .delete(affiliates)
          .where(and(eq(affiliates.merchantId, merchantId), startsWith(affiliates.id, p.affiliate)))
          .returning({ id: affiliates.id }),
      ),
    };
    return removed;
  });
}
