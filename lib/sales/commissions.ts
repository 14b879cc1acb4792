import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import {
  clawbackTotal,
  findAffiliateById,
  insertSaleCommission,
  lockSaleCommission,
  priorPaymentsOf,
} from "@/db/queries/sales";
import { type Affiliate, type Commission, commissions, type Merchant, type Purchase } from "@/db/schema";
import {
  commissionAfterRefund,
  commissionFor,
  earnsCommission,
  effectivePlan,
  holdUntil,
} from "@/lib/commissions/plan";
import { newId } from "@/lib/ids";

/** The sale commission of a newly recorded purchase, if the plan says it earns one. */
export async function createSaleCommission(
  db: Database,
  merchant: Merchant,
  purchase: Purchase,
  known?: Affiliate,
) {
  if (!purchase.affiliateId || purchase.selfReferral) return null;
  const affiliate =
    known?.id === purchase.affiliateId
      ? known
      : await findAffiliateById(db, merchant.id, purchase.affiliateId);
  if (!affiliate || affiliate.status === "inactive") return null;
  const plan = effectivePlan(merchant, affiliate);
  // Only first-payment and N-month plans look back at the customer's earlier payments.
  const prior =
    plan.recurrence !== "every" && purchase.stripeCustomerId
      ? await priorPaymentsOf(db, merchant.id, purchase.stripeCustomerId, purchase.createdAt)
      : { count: 0, first: null };
  const paid = { priorPayments: prior.count, firstPaymentAt: prior.first, paidAt: purchase.createdAt };
  if (!earnsCommission(plan, paid)) return null;
  const amount = commissionFor(plan, purchase.amount);
  if (amount <= 0) return null;
  const dueAt = holdUntil(purchase.createdAt, plan.holdDays);
  return insertSaleCommission(db, {
    id: newId("com"),
    merchantId: merchant.id,
    affiliateId: affiliate.id,
    purchaseId: purchase.id,
    amount,
    grossAmount: amount,
    currency: purchase.currency,
    status: dueAt <= new Date() ? "due" : "pending",
    kind: "sale",
    dueAt,
    livemode: purchase.livemode,
    createdAt: purchase.createdAt,
  });
}

/** Status of an unpaid commission given its purchase's refunds and dispute. */
function unpaidStatus(commission: Commission, purchase: Purchase, target: number): Commission["status"] {
  if (target <= 0) return "cancelled";
  if (purchase.disputeStatus === "open") return "on_hold";
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
    await db
      .update(commissions)
      .set({ amount: target, status })
      .where(and(eq(commissions.merchantId, commission.merchantId), eq(commissions.id, commission.id)));
    return;
  }
  const delta =
    target - (commission.amount + (await clawbackTotal(db, commission.merchantId, commission.id)));
  if (delta >= 0) return;
  await db.insert(commissions).values({
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
