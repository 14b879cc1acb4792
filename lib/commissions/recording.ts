import type { Database } from "@/db";
import { findAffiliateById } from "@/db/queries/affiliates";
import { insertSaleCommission } from "@/db/queries/commissions";
import { priorPaymentsOf, updatePurchase } from "@/db/queries/purchases";
import type { Affiliate, Merchant, Purchase } from "@/db/schema";
import { commissionFor, earnsCommission, effectivePlan, holdUntil } from "@/lib/commissions/plan";
import { reviewReasons } from "@/lib/fraud/signals";
import { newId } from "@/lib/ids";
import { queueCommissionNotice } from "./notices";

/**
 * The sale commission of a newly recorded purchase, if the plan says it earns one, and the
 * affiliate's notice of it when they want one (notices.ts).
 */
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
  const earning = commissionFor(plan, purchase.amount, purchase.currency);
  if (earning.note) await updatePurchase(db, purchase, { commissionNote: earning.note });
  const amount = earning.amount;
  if (amount <= 0) return null;
  const dueAt = holdUntil(purchase.createdAt, plan.holdDays);
  // A billing period whose invoice is not paid yet earns once it is (reconcileCommission).
  const awaiting = purchase.paymentStatus === "awaiting";
  // A sale that looks forged waits for the merchant's review (lib/fraud/signals.ts).
  const review = await reviewReasons(db, merchant.id, purchase, affiliate);
  const commission = await insertSaleCommission(db, {
    id: newId("com"),
    merchantId: merchant.id,
    affiliateId: affiliate.id,
    purchaseId: purchase.id,
    amount,
    grossAmount: amount,
    rateBps: earning.rateBps,
    currency: purchase.currency,
    status: review.length > 0 || awaiting ? "on_hold" : dueAt <= new Date() ? "due" : "pending",
    holdReason: review.length > 0 ? "review" : awaiting ? "awaiting_payment" : null,
    reviewReason: review.length > 0 ? review.join(" ") : null,
    kind: "sale",
    dueAt,
    livemode: purchase.livemode,
    createdAt: purchase.createdAt,
  });
  if (commission) await queueCommissionNotice(db, affiliate, commission);
  return commission;
}
