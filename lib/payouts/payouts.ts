import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import {
  approvePendingCommissions,
  attachToPayout,
  cancelOpenCommissions,
  insertPayout,
  lockBatchCommissions,
  lockPayableCommissions,
  lockPayout,
  markCommissionsPaid,
  releaseFromPayout,
  setPayoutDiscarded,
  setPayoutPaid,
} from "@/db/queries/payouts";
import type { Payout } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { type CarriedOver, planPayoutBatches } from "./batch";
import { queuePayoutNotices } from "./notices";

/**
 * Payouts (SPEC §6). Commission statuses move only along
 *   pending → due (the hold ends, or the merchant approves early) → paid (its payout is marked paid)
 *   pending | due | on_hold → cancelled (the merchant cancels; refunds do it too, in lib/sales)
 * and a due commission in a draft payout stays due until that payout is paid or discarded.
 */

export interface Actor {
  merchantId: string;
  userId: string | null;
}

export const commissionIdsSchema = z
  .array(z.string().trim().min(1).max(64), { error: "Choose commissions by id" })
  .min(1, "Select at least one commission")
  .max(1000, "Select at most 1,000 commissions at a time")
  .transform((ids) => [...new Set(ids)]);

export interface MoveResult {
  changed: string[];
  /** Chosen ids that were not in a state this move applies to (or are not the merchant's). */
  unchanged: string[];
}

function moveResult(ids: string[], changed: { id: string }[]): MoveResult {
  const done = new Set(changed.map((r) => r.id));
  return { changed: [...done], unchanged: ids.filter((id) => !done.has(id)) };
}

/** "Approve" = release from the hold early: pending → due, so the commission can be paid now. */
export async function approveCommissions(db: Database, actor: Actor, input: unknown): Promise<MoveResult> {
  const ids = commissionIdsSchema.parse(input);
  return db.transaction(async (tx) => {
    const rows = await approvePendingCommissions(tx, actor.merchantId, ids);
    if (rows.length) {
      await recordAudit(tx, {
        merchantId: actor.merchantId,
        actorUserId: actor.userId,
        action: "commissions.approved",
        data: { ids: rows.map((r) => r.id) },
      });
    }
    return moveResult(ids, rows);
  });
}

export async function cancelCommissions(db: Database, actor: Actor, input: unknown): Promise<MoveResult> {
  const ids = commissionIdsSchema.parse(input);
  return db.transaction(async (tx) => {
    const rows = await cancelOpenCommissions(tx, actor.merchantId, ids);
    if (rows.length) {
      await recordAudit(tx, {
        merchantId: actor.merchantId,
        actorUserId: actor.userId,
        action: "commissions.cancelled",
        data: { ids: rows.map((r) => r.id) },
      });
    }
    return moveResult(ids, rows);
  });
}

export const createPayoutSchema = z.object({
  /** The chosen commissions; omitted → every due commission. */
  commissionIds: commissionIdsSchema.optional(),
  /** Stripe test-mode commissions are left out unless asked for (SPEC §4). */
  includeTestMode: z.boolean().default(false),
});

export interface CreatedPayouts {
  payouts: Payout[];
  /** Affiliates whose clawbacks outweigh what they are owed: nothing of theirs was batched. */
  carriedOver: CarriedOver[];
  /** How many due commissions (clawbacks included) were considered. */
  considered: number;
}

/**
 * Puts due commissions into payout batches, one per currency, in one transaction. What is
 * taken is decided under row locks (see lockPayableCommissions for the race it closes).
 */
export async function createPayouts(db: Database, actor: Actor, input: unknown): Promise<CreatedPayouts> {
  const { commissionIds, includeTestMode } = createPayoutSchema.parse(input ?? {});
  return db.transaction(async (tx) => {
    const payable = await lockPayableCommissions(tx, actor.merchantId, {
      ids: commissionIds,
      includeTestMode,
    });
    const { batches, carriedOver } = planPayoutBatches(payable);
    const created: Payout[] = [];
    for (const batch of batches) {
      const payout = await insertPayout(tx, {
        id: newId("pay"),
        merchantId: actor.merchantId,
        status: "draft",
        amount: batch.amount,
        currency: batch.currency,
        livemode: batch.livemode,
        commissionCount: batch.commissionIds.length,
        affiliateCount: batch.lines.length,
        createdByUserId: actor.userId,
      });
      await attachToPayout(tx, actor.merchantId, payout.id, batch.commissionIds);
      created.push(payout);
    }
    if (created.length) {
      await recordAudit(tx, {
        merchantId: actor.merchantId,
        actorUserId: actor.userId,
        action: "payouts.created",
        data: {
          payouts: created.map((p) => ({ id: p.id, amount: p.amount, currency: p.currency })),
          carriedOver: carriedOver.map((c) => ({ affiliateId: c.affiliateId, amount: c.amount })),
        },
      });
    }
    return { payouts: created, carriedOver, considered: payable.length };
  });
}

/** Why nothing was batched, in the merchant's words. */
export function nothingToPayReason(result: CreatedPayouts): string {
  if (!result.considered)
    return "No payout was created: none of the selected commissions is due and outside a payout any more (test-mode commissions need “Include test-mode commissions”).";
  if (result.carriedOver.length)
    return "No payout was created: each selected affiliate's clawbacks are as large as what they are owed, so their commissions carry over to a later payout.";
  return "No payout was created: clawbacks are never paid out alone; they net against the affiliate's next due commissions.";
}

/**
 * draft → paid: the batch's due commissions become paid. A refund or a dispute can change a
 * commission while its batch is a draft; such a commission (or an affiliate whose net fell to
 * zero or less) leaves the batch and the payout's totals are recomputed from what is paid.
 * Marking a paid payout paid again changes nothing. Each affiliate paid is mailed (notices.ts).
 */
export async function markPayoutPaid(
  db: Database,
  actor: Actor,
  payoutId: string,
): Promise<{ payout: Payout; changed: boolean }> {
  const result = await db.transaction(async (tx) => {
    const current = await lockPayout(tx, actor.merchantId, payoutId);
    if (!current) throw notFound("No such payout");
    if (current.status === "paid") return { payout: current, changed: false };
    if (current.status === "discarded") throw conflict("This payout was discarded", "payout_discarded");
    const batch = await lockBatchCommissions(tx, actor.merchantId, payoutId);
    const due = batch.filter((c) => c.status === "due");
    const { batches } = planPayoutBatches(due);
    const paying = batches.flatMap((b) => b.commissionIds);
    const payingSet = new Set(paying);
    await markCommissionsPaid(tx, actor.merchantId, payoutId, paying);
    await releaseFromPayout(
      tx,
      actor.merchantId,
      payoutId,
      batch.filter((c) => !payingSet.has(c.id)).map((c) => c.id),
    );
    const payout = await setPayoutPaid(tx, actor.merchantId, payoutId, {
      amount: batches.reduce((sum, b) => sum + b.amount, 0),
      commissionCount: paying.length,
      affiliateCount: batches.reduce((sum, b) => sum + b.lines.length, 0),
      userId: actor.userId,
    });
    // The payout row is locked above, so the guarded update cannot miss.
    if (!payout) throw new Error("payout changed while it was being marked paid");
    await recordAudit(tx, {
      merchantId: actor.merchantId,
      actorUserId: actor.userId,
      action: "payouts.paid",
      data: { id: payout.id, amount: payout.amount, currency: payout.currency },
    });
    await queuePayoutNotices(tx, actor.merchantId, payoutId);
    return { payout, changed: true };
  });
  if (result.changed) wakeJobRunner();
  return result;
}

/** draft → discarded: its commissions go back to the due pool for another payout. */
export async function discardPayout(db: Database, actor: Actor, payoutId: string): Promise<Payout> {
  return db.transaction(async (tx) => {
    const current = await lockPayout(tx, actor.merchantId, payoutId);
    if (!current) throw notFound("No such payout");
    if (current.status === "discarded") return current;
    if (current.status === "paid") throw conflict("A paid payout cannot be discarded", "payout_paid");
    await releaseFromPayout(tx, actor.merchantId, payoutId);
    const payout = await setPayoutDiscarded(tx, actor.merchantId, payoutId);
    if (!payout) throw new Error("payout changed while it was being discarded");
    await recordAudit(tx, {
      merchantId: actor.merchantId,
      actorUserId: actor.userId,
      action: "payouts.discarded",
      data: { id: payout.id },
    });
    return payout;
  });
}
