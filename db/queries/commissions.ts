import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholders, reusable } from "../reusable";
import { type Commission, commissions } from "../schema";

/**
 * Sale commissions and their clawbacks. Every query is scoped by merchant; the ones every
 * webhook runs are built once (db/reusable.ts): `$name` below is a placeholder.
 */

const $ = sql.placeholder;

const COMMISSION_COLUMNS = [
  "id",
  "merchantId",
  "affiliateId",
  "purchaseId",
  "amount",
  "grossAmount",
  "rateBps",
  "currency",
  "status",
  "holdReason",
  "reviewReason",
  "kind",
  "dueAt",
  "livemode",
  "createdAt",
] as const;
const insertCommissionQuery = reusable("sale_commission_insert", (db) =>
  db
    .insert(commissions)
    .values(placeholders(...COMMISSION_COLUMNS))
    .onConflictDoNothing()
    .returning(),
);

/** A purchase's sale commission; null if it already has one. */
export async function insertSaleCommission(
  db: Database,
  row: Pick<Commission, (typeof COMMISSION_COLUMNS)[number]>,
) {
  const [inserted] = await insertCommissionQuery(db, row);
  return inserted ?? null;
}

const saleCommissionQuery = reusable("sale_commission", (db) =>
  db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, $("merchantId")),
        eq(commissions.purchaseId, $("purchaseId")),
        eq(commissions.kind, "sale"),
        sql`${commissions.periodStart} is null`,
      ),
    )
    .for("update"),
);

export async function lockSaleCommission(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await saleCommissionQuery(db, { merchantId, purchaseId });
  return row ?? null;
}

/** Commissions whose hold has passed become due (pending → due only: SPEC §6). */
export async function promoteDueCommissions(db: Database, now: Date, merchantId?: string) {
  const rows = await db
    .update(commissions)
    .set({ status: "due" })
    .where(
      and(
        merchantId ? eq(commissions.merchantId, merchantId) : undefined,
        eq(commissions.status, "pending"),
        lt(commissions.dueAt, now),
      ),
    )
    .returning({ id: commissions.id });
  return rows.length;
}

export async function updateCommission(
  db: Database,
  commission: Pick<Commission, "merchantId" | "id">,
  patch: Partial<Omit<Commission, "merchantId" | "id">>,
) {
  await db
    .update(commissions)
    .set(patch)
    .where(and(eq(commissions.merchantId, commission.merchantId), eq(commissions.id, commission.id)));
}

export async function insertCommission(db: Database, row: typeof commissions.$inferInsert) {
  await db.insert(commissions).values(row);
}

/** The payout batch a sale's commission is in, read without a lock (to lock the batch first). */
export async function saleCommissionPayoutId(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await db
    .select({ payoutId: commissions.payoutId })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.purchaseId, purchaseId),
        eq(commissions.kind, "sale"),
        sql`${commissions.periodStart} is null`,
      ),
    );
  return row?.payoutId ?? null;
}

/** Clawbacks of a commission that are still live (not cancelled), locked, oldest first. */
export async function lockClawbacks(db: Database, merchantId: string, commissionId: string) {
  return db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.reversesId, commissionId),
        sql`${commissions.status} <> 'cancelled'`,
      ),
    )
    .orderBy(asc(commissions.createdAt), asc(commissions.id))
    .for("update");
}
