import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { updateCommission } from "@/db/queries/commissions";
import { refreshPayoutTotals } from "@/db/queries/payouts";
import { lockHeldForReview, purchaseById } from "@/db/queries/review";
import type { Purchase } from "@/db/schema";
import { conflict } from "@/lib/errors";
import { lockSaleCommissionAndBatch, reconcileCommission } from "./adjustments";

/**
 * The merchant's decision on a commission held for review (SPEC §13). Approving releases it
 * to the normal hold: pending until its due date, or due, or whatever else the sale's state
 * asks (an open dispute, an unpaid period), as the ledger decides. Rejecting cancels it for
 * good (cancel_reason "merchant", which the ledger never undoes). Both are audit-logged. The
 * row lock makes a double click, or two staff deciding at once, count once.
 */
export async function decideReview(
  db: Database,
  p: { merchantId: string; userId: string; commissionId: string; decision: "approve" | "reject" },
) {
  return db.transaction(async (tx) => {
    const held = await lockHeldForReview(tx, p.merchantId, p.commissionId);
    if (!held) throw conflict("This commission is no longer waiting for review: reload the page", "not_held");
    if (p.decision === "reject") {
      await updateCommission(tx, held, { status: "cancelled", holdReason: null, cancelReason: "merchant" });
    } else {
      const due = held.dueAt !== null && held.dueAt <= new Date();
      await updateCommission(tx, held, { status: due ? "due" : "pending", holdReason: null });
      const purchase = held.purchaseId ? await purchaseById(tx, p.merchantId, held.purchaseId) : null;
      if (purchase) await reconcileCommission(tx, purchase);
    }
    await recordAudit(tx, {
      merchantId: p.merchantId,
      actorUserId: p.userId,
      action: `commission.review_${p.decision}`,
      data: { commissionId: held.id, reason: held.reviewReason },
    });
  });
}

/**
 * Holds a sale's commission for review on a sign found after it was recorded (a card fingerprint
 * that arrived with a later event). Only an unpaid one still can be: it leaves a draft batch,
 * whose totals follow, locked in the ledger's order (batch, then commission). A paid or cancelled
 * commission, one already under review, or one approved on this same sign is left as it is.
 * Returns whether it was held.
 */
export async function holdForReview(db: Database, purchase: Purchase, reason: string): Promise<boolean> {
  const { batch, commission } = await lockSaleCommissionAndBatch(db, purchase);
  if (!commission) return false;
  if (commission.status === "paid" || commission.status === "cancelled" || batch?.status === "paid")
    return false;
  // Held already, or the merchant approved it on this very sign: their decision stands.
  if (commission.holdReason === "review" || commission.reviewReason?.includes(reason)) return false;
  await updateCommission(db, commission, {
    status: "on_hold",
    holdReason: "review",
    reviewReason: reason,
    payoutId: null,
  });
  if (batch) await refreshPayoutTotals(db, purchase.merchantId, batch.id);
  return true;
}
