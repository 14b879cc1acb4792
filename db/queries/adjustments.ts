import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { type SaleAdjustment, saleAdjustments } from "../schema";

/** Refunds, disputes and credit notes of sales, one row per Stripe id (docs/ledger.md "Adjustments"). */

export type AdjustmentWrite = Omit<SaleAdjustment, "createdAt" | "updatedAt">;

/**
 * Records what Stripe reports of a refund, dispute or credit note. The row only moves forward:
 * a report of an earlier stage than the stored one (a late `refund.created` after its
 * `refund.failed`) changes nothing. Returns whether the row changed.
 */
export async function upsertAdjustment(db: Database, row: AdjustmentWrite): Promise<boolean> {
  const changed = await db
    .insert(saleAdjustments)
    .values(row)
    .onConflictDoUpdate({
      target: [saleAdjustments.merchantId, saleAdjustments.id],
      set: {
        amount: sql`excluded.amount`,
        status: sql`excluded.status`,
        stage: sql`excluded.stage`,
        effect: sql`excluded.effect`,
        eventId: sql`coalesce(excluded.event_id, ${saleAdjustments.eventId})`,
        eventType: sql`coalesce(excluded.event_type, ${saleAdjustments.eventType})`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`excluded.stage > ${saleAdjustments.stage} or (excluded.stage = ${saleAdjustments.stage} and (excluded.status, excluded.amount, excluded.effect) is distinct from (${saleAdjustments.status}, ${saleAdjustments.amount}, ${saleAdjustments.effect}))`,
    })
    .returning({ id: saleAdjustments.id });
  return changed.length > 0;
}

/** A sale's adjustments, oldest first. */
export async function listAdjustments(db: Database, merchantId: string, purchaseId: string) {
  return db
    .select()
    .from(saleAdjustments)
    .where(and(eq(saleAdjustments.merchantId, merchantId), eq(saleAdjustments.purchaseId, purchaseId)))
    .orderBy(asc(saleAdjustments.createdAt), asc(saleAdjustments.id));
}
