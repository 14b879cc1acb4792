import type Stripe from "stripe";
import type { Database } from "@/db";
import { lockPurchaseForCharge, updatePurchase } from "@/db/queries/purchases";
import type { Merchant, Purchase } from "@/db/schema";
import { reconcileCommission } from "@/lib/commissions/adjustments";
import { mulDivHalfUp } from "@/lib/commissions/plan";
import { idOf } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";
import { purchaseForCharge, type SaleOutcome } from "./stripe-sales";

function statusOf(
  purchase: Pick<Purchase, "amount" | "amountRefunded" | "disputeStatus">,
): Purchase["status"] {
  if (purchase.disputeStatus === "open" || purchase.disputeStatus === "lost") return "disputed";
  if (purchase.amountRefunded <= 0) return "completed";
  return purchase.amountRefunded >= purchase.amount ? "refunded" : "partially_refunded";
}

async function save(db: Database, purchase: Purchase, patch: Partial<Purchase>) {
  const next = { ...purchase, ...patch };
  const updated = (await updatePurchase(db, purchase, { ...patch, status: statusOf(next) }))!;
  await reconcileCommission(db, updated);
  return updated;
}

/**
 * `charge.refunded` carries the cumulative amount refunded. The purchase keeps the largest
 * figure seen, scaled to the purchase's own base (net of tax), so redelivered or reordered
 * refund events can only move it forward.
 */
export async function applyChargeRefund(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  charge: Stripe.Charge,
): Promise<SaleOutcome> {
  const { purchase, note } = await purchaseForCharge(db, merchant, stripe, charge);
  if (!purchase) return { purchase: null, note };
  const refunded =
    charge.amount > 0 ? mulDivHalfUp(purchase.amount, charge.amount_refunded, charge.amount) : 0;
  if (refunded <= purchase.amountRefunded) return { purchase, note: "refund already applied" };
  return { purchase: await save(db, purchase, { amountRefunded: Math.min(refunded, purchase.amount) }) };
}

// An inquiry closed without a chargeback, or one prevented, ends like a won dispute.
const OUTCOMES: Record<string, "won" | "lost" | undefined> = {
  won: "won",
  warning_closed: "won",
  prevented: "won",
  lost: "lost",
};

/**
 * A dispute holds the commission; losing it claws the commission back, winning restores it.
 * A closed dispute is final: a late `created` event cannot reopen it.
 */
export async function applyDispute(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  dispute: Stripe.Dispute,
): Promise<SaleOutcome> {
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return { purchase: null, note: "dispute without a charge" };
  const known = await lockPurchaseForCharge(db, merchant.id, {
    id: chargeId,
    paymentIntentId: idOf(dispute.payment_intent),
  });
  const { purchase, note } = known
    ? { purchase: known, note: undefined }
    : await purchaseForCharge(db, merchant, stripe, await stripe.retrieveCharge(chargeId));
  if (!purchase) return { purchase: null, note };
  const outcome = OUTCOMES[dispute.status] ?? "open";
  if (purchase.disputeStatus === "won" || purchase.disputeStatus === "lost") {
    return { purchase, note: "dispute already closed" };
  }
  if (purchase.disputeStatus === outcome) return { purchase, note: "dispute already recorded" };
  return { purchase: await save(db, purchase, { disputeStatus: outcome }) };
}
