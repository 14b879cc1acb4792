import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { CursorKey } from "@/lib/cursor";
import type { Database } from "../index";
import { affiliates, type Commission, commissions, type Payout, payouts } from "../schema";
import { afterCursor, cursorAt } from "./pagination";

/**
 * Commission status moves and payout batches (SPEC §6). Every move is one guarded UPDATE
 * (`… WHERE status = <the only status it may leave>`), so a move that lost a race changes
 * nothing and the caller learns it from the rows returned.
 * Over 300 lines: the status moves and the batch that takes them share those guards and the
 * lock order (commissions, then the payout), which is clearest read in one place.
 */

const scope = (merchantId: string) => eq(commissions.merchantId, merchantId);

/** pending → due, ahead of the hold. due_at moves to now so a later refund keeps it due. */
export async function approvePendingCommissions(db: Database, merchantId: string, ids: string[]) {
  if (!ids.length) return [];
  // status = 'pending': a refund that cancelled the commission, or the hold that just ended,
  // got there first; neither must be overwritten (no resurrecting a cancelled commission).
  return db
    .update(commissions)
    .set({ status: "due", dueAt: sql`least(coalesce(${commissions.dueAt}, now()), now())` })
    .where(and(scope(merchantId), inArray(commissions.id, ids), eq(commissions.status, "pending")))
    .returning({ id: commissions.id });
}

/**
 * pending | due | on_hold → cancelled, for sale commissions outside any payout batch. Paid ones
 * never change (refunds claw them back instead); clawbacks are not forgiven this way, since the
 * next refund of the same sale would claim the forgiven amount again.
 */
export async function cancelOpenCommissions(db: Database, merchantId: string, ids: string[]) {
  if (!ids.length) return [];
  // payout_id is null: a "Create payout" running at the same moment may have just put the
  // commission in a batch; the row lock makes this statement wait and then skip it.
  return db
    .update(commissions)
    .set({ status: "cancelled", cancelReason: "merchant" })
    .where(
      and(
        scope(merchantId),
        inArray(commissions.id, ids),
        inArray(commissions.status, ["pending", "due", "on_hold"]),
        eq(commissions.kind, "sale"),
        isNull(commissions.payoutId),
      ),
    )
    .returning({ id: commissions.id });
}

export type PayableCommission = Pick<
  Commission,
  "id" | "affiliateId" | "amount" | "currency" | "kind" | "livemode"
>;

/**
 * Locks what a new payout may take: the chosen due commissions that are in no batch yet, plus
 * every due clawback of the same affiliates (they net in). `ids` undefined means all due ones.
 *
 * Race: two staff press "Create payout" at once with overlapping selections. Rows are locked in
 * id order (no deadlock between the two); the second transaction waits for the first, then
 * PostgreSQL re-checks `payout_id is null` on the committed rows and skips the ones the first
 * batch took, so no commission ends up in two batches.
 */
export async function lockPayableCommissions(
  tx: Database,
  merchantId: string,
  options: { ids?: string[]; includeTestMode: boolean },
): Promise<PayableCommission[]> {
  if (options.ids && !options.ids.length) return [];
  const chosenOnes = alias(commissions, "chosen");
  const chosen = options.ids
    ? or(
        inArray(commissions.id, options.ids),
        and(
          eq(commissions.kind, "clawback"),
          inArray(
            commissions.affiliateId,
            tx
              .select({ affiliateId: chosenOnes.affiliateId })
              .from(chosenOnes)
              .where(and(eq(chosenOnes.merchantId, merchantId), inArray(chosenOnes.id, options.ids))),
          ),
        ),
      )
    : undefined;
  return tx
    .select({
      id: commissions.id,
      affiliateId: commissions.affiliateId,
      amount: commissions.amount,
      currency: commissions.currency,
      kind: commissions.kind,
      livemode: commissions.livemode,
    })
    .from(commissions)
    .where(
      and(
        scope(merchantId),
        eq(commissions.status, "due"),
        isNull(commissions.payoutId),
        options.includeTestMode ? undefined : eq(commissions.livemode, true),
        chosen,
      ),
    )
    .orderBy(asc(commissions.id))
    .for("update");
}

export async function insertPayout(tx: Database, payout: typeof payouts.$inferInsert) {
  const [row] = await tx.insert(payouts).values(payout).returning();
  return row!;
}

/** Puts locked commissions in a batch; guarded like every move, so the count must match. */
export async function attachToPayout(tx: Database, merchantId: string, payoutId: string, ids: string[]) {
  const rows = await tx
    .update(commissions)
    .set({ payoutId })
    .where(
      and(
        scope(merchantId),
        inArray(commissions.id, ids),
        eq(commissions.status, "due"),
        isNull(commissions.payoutId),
      ),
    )
    .returning({ id: commissions.id });
  if (rows.length !== ids.length) throw new Error("payout batch changed while it was being created");
}

export async function getPayout(db: Database, merchantId: string, payoutId: string) {
  const [row] = await db
    .select()
    .from(payouts)
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, payoutId)))
    .limit(1);
  return row ?? null;
}

/** Locks the payout row; the status check that follows then cannot be overtaken. */
export async function lockPayout(tx: Database, merchantId: string, payoutId: string) {
  const [row] = await tx
    .select()
    .from(payouts)
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, payoutId)))
    .for("update");
  return row ?? null;
}

/** The batch's commissions that are still payable, locked in id order. */
export async function lockBatchCommissions(tx: Database, merchantId: string, payoutId: string) {
  return tx
    .select({
      id: commissions.id,
      affiliateId: commissions.affiliateId,
      amount: commissions.amount,
      currency: commissions.currency,
      kind: commissions.kind,
      livemode: commissions.livemode,
      status: commissions.status,
    })
    .from(commissions)
    .where(and(scope(merchantId), eq(commissions.payoutId, payoutId)))
    .orderBy(asc(commissions.id))
    .for("update");
}

/** due → paid for the given commissions of a batch. */
export async function markCommissionsPaid(tx: Database, merchantId: string, payoutId: string, ids: string[]) {
  if (!ids.length) return [];
  return tx
    .update(commissions)
    .set({ status: "paid" })
    .where(
      and(
        scope(merchantId),
        eq(commissions.payoutId, payoutId),
        inArray(commissions.id, ids),
        eq(commissions.status, "due"),
      ),
    )
    .returning({ id: commissions.id });
}

/** Unpaid commissions leave the batch and return to the pool (a later payout may take them). */
export async function releaseFromPayout(tx: Database, merchantId: string, payoutId: string, ids?: string[]) {
  if (ids && !ids.length) return [];
  return tx
    .update(commissions)
    .set({ payoutId: null })
    .where(
      and(
        scope(merchantId),
        eq(commissions.payoutId, payoutId),
        sql`${commissions.status} <> 'paid'`,
        ids ? inArray(commissions.id, ids) : undefined,
      ),
    )
    .returning({ id: commissions.id });
}

/**
 * draft → paid. Race: "Mark as paid" pressed twice (two tabs, a double click): the second
 * UPDATE waits for the first, re-checks `status = 'draft'`, matches nothing, and is a no-op.
 */
export async function setPayoutPaid(
  tx: Database,
  merchantId: string,
  payoutId: string,
  totals: { amount: number; commissionCount: number; affiliateCount: number; userId: string | null },
) {
  const [row] = await tx
    .update(payouts)
    .set({
      status: "paid",
      paidAt: sql`now()`,
      paidByUserId: totals.userId,
      amount: totals.amount,
      commissionCount: totals.commissionCount,
      affiliateCount: totals.affiliateCount,
    })
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, payoutId), eq(payouts.status, "draft")))
    .returning();
  return row ?? null;
}

/** draft → discarded; guarded like paid, so a batch being paid cannot be discarded too. */
export async function setPayoutDiscarded(tx: Database, merchantId: string, payoutId: string) {
  const [row] = await tx
    .update(payouts)
    .set({ status: "discarded" })
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, payoutId), eq(payouts.status, "draft")))
    .returning();
  return row ?? null;
}

export async function listPayouts(
  db: Database,
  params: { merchantId: string; limit: number; cursor: CursorKey | null; status?: Payout["status"] },
) {
  return db
    .select({ payout: payouts, cursorAt: cursorAt(payouts.createdAt) })
    .from(payouts)
    .where(
      and(
        eq(payouts.merchantId, params.merchantId),
        params.status ? eq(payouts.status, params.status) : undefined,
        afterCursor(payouts.createdAt, payouts.id, params.cursor),
      ),
    )
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(params.limit + 1)
    .then((rows) => rows.map((r) => ({ ...r.payout, cursorAt: r.cursorAt })));
}

/** A batch's commissions with their affiliates, for its detail page and its CSV. */
export async function payoutCommissions(db: Database, merchantId: string, payoutId: string) {
  return db
    .select({
      id: commissions.id,
      affiliateId: commissions.affiliateId,
      purchaseId: commissions.purchaseId,
      amount: commissions.amount,
      currency: commissions.currency,
      kind: commissions.kind,
      status: commissions.status,
      livemode: commissions.livemode,
      createdAt: commissions.createdAt,
      affiliate: {
        email: affiliates.email,
        firstName: affiliates.firstName,
        lastName: affiliates.lastName,
        code: affiliates.code,
      },
    })
    .from(commissions)
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, commissions.merchantId), eq(affiliates.id, commissions.affiliateId)),
    )
    .where(and(scope(merchantId), eq(commissions.payoutId, payoutId)))
    .orderBy(asc(commissions.affiliateId), asc(commissions.createdAt), asc(commissions.id));
}

/** Affiliates for a filter menu: id and name, by name. */
export async function affiliateChoices(db: Database, merchantId: string, limit = 500) {
  return db
    .select({
      id: affiliates.id,
      email: affiliates.email,
      firstName: affiliates.firstName,
      lastName: affiliates.lastName,
      code: affiliates.code,
    })
    .from(affiliates)
    .where(eq(affiliates.merchantId, merchantId))
    .orderBy(
      asc(sql`lower(${affiliates.firstName} || ' ' || ${affiliates.lastName} || ' ' || ${affiliates.email})`),
    )
    .limit(limit);
}

/** A draft batch's totals, recomputed from the commissions still in it. */
export async function refreshPayoutTotals(tx: Database, merchantId: string, payoutId: string) {
  await tx
    .update(payouts)
    .set({
      amount: sql`(select coalesce(sum(c.amount), 0)::int from ${commissions} c where c.merchant_id = ${merchantId} and c.payout_id = ${payoutId})`,
      commissionCount: sql`(select count(*)::int from ${commissions} c where c.merchant_id = ${merchantId} and c.payout_id = ${payoutId})`,
      affiliateCount: sql`(select count(distinct c.affiliate_id)::int from ${commissions} c where c.merchant_id = ${merchantId} and c.payout_id = ${payoutId})`,
    })
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, payoutId), eq(payouts.status, "draft")));
}
