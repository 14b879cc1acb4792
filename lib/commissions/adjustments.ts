import type { Database } from "@/db";
import {
  clawbackTotal,
  insertCommission,
  lockSaleCommission,
  updateCommission,
} from "@/db/queries/commissions";
import type { Commission, Purchase } from "@/db/schema";
import { newId } from "@/lib/ids";
import { commissionAfterRefund } from "./plan";

/** Status of an unpaid commission given its purchase's refunds and dispute. */
function unpaidStatus(commission: Commission, purchase: Purchase, target: number): Commission["status"] {
  if (target <= 0 || purchase.paymentStatus === "failed") return "cancelled";
  if (purchase.disputeStatus === "open" || purchase.paymentStatus === "awaiting") return "on_hold";
  return commission.dueAt && commission.dueAt <= new Date() ? "due" : "pending";
}

/**
 * Brings a purchase's sale commission in line with its refunds and dispute. It derives the
 * target from cumulative state, never from the event at hand, so a redelivered or reordered
 * event computes the same target and changes nothing twice. Paid commissions, and those in a
 * payout batch, are never edited: the difference becomes a negative clawback that nets
 * against the next payout.
 */
export async function reconcileCommission(db: Database, purchase: Purchase) {
  const commission = await lockSaleCommission(db, purchase.merchantId, purchase.id);
  if (!commission || commission.status === "cancelled") return;
  const gross = commission.grossAmount ?? commission.amount;
  const refunded = purchase.disputeStatus === "lost" ? purchase.amount : purchase.amountRefunded;
  const target = commissionAfterRefund(gross, purchase.amount, refunded);

  // A commission in a payout batch (even a draft whose CSV may already be paid out) is fixed.
  if (commission.status !== "paid" && !commission.payoutId) {
    const status = unpaidStatus(commission, purchase, target);
    if (status === commission.status && target === commission.amount) return;
    await updateCommission(db, commission, { amount: target, status });
    return;
  }
  const delta =
    target - (commission.amount + (await clawbackTotal(db, commission.merchantId, commission.id)));
  if (delta >= 0) return;
  await insertCommission(db, {
    id: newId("com"),
    merchantId: commission.merchantId,
    affiliateId: commission.affiliateId,
    purchaseId: purchase.id,
    reversesId: commission.id,
    amount: delta,
    currency: commission.currency,
    status: "due",
    kind: "clawback",
    dueAt: new Date(),
    livemode: commission.livemode,
  });
}
