import type { Database } from "@/db";
import { listAdjustments } from "@/db/queries/adjustments";
import {
  insertCommission,
  lockClawbacks,
  lockSaleCommission,
  saleCommissionPayoutId,
  updateCommission,
} from "@/db/queries/commissions";
import { lockPayout, refreshPayoutTotals } from "@/db/queries/payouts";
import type { Commission, Purchase } from "@/db/schema";
import { newId } from "@/lib/ids";
import { commissionTarget, type SaleState, saleState, unpaidStatus } from "./ledger";

/**
 * Brings a purchase's sale commission in line with the sale's current state: its refunds,
 * disputes and credit notes, and whether its money arrived (docs/ledger.md "Commissions"). The
 * target is derived from cumulative state, never from the event at hand, so a redelivered or
 * reordered event computes the same figure and changes nothing twice.
 */
export async function reconcileCommission(db: Database, purchase: Purchase, state?: SaleState) {
  const sale = state ?? saleState(await listAdjustments(db, purchase.merchantId, purchase.id));
  const { batch, commission } = await lockSaleCommissionAndBatch(db, purchase);
  if (!commission) return;
  // A commission the merchant cancelled stays cancelled (so does one from before the ledger said why).
  if (commission.status === "cancelled" && commission.cancelReason !== "ledger") return;

  const target = commissionTarget(commission, purchase, sale);
  if (commission.status === "paid" || batch?.status === "paid")
    return settleWithClawbacks(db, commission, target);

  const next = unpaidStatus(commission, purchase, sale, target, new Date());
  const unchanged =
    next.status === commission.status &&
    next.holdReason === commission.holdReason &&
    target === commission.amount;
  if (unchanged) return;
  // A changed commission leaves its draft batch, whose totals follow (SPEC §6).
  await updateCommission(db, commission, { amount: target, ...next, payoutId: null });
  if (batch) await refreshPayoutTotals(db, purchase.merchantId, batch.id);
}

/**
 * A purchase's sale commission and the payout batch it is in, both locked. Lock order: a draft
 * batch before its commission, as markPayoutPaid takes them; otherwise a refund arriving while
 * the merchant marks the batch paid could deadlock with it.
 */
export async function lockSaleCommissionAndBatch(db: Database, purchase: Purchase) {
  for (;;) {
    const batchId = await saleCommissionPayoutId(db, purchase.merchantId, purchase.id);
    const batch = batchId ? await lockPayout(db, purchase.merchantId, batchId) : null;
    const commission = await lockSaleCommission(db, purchase.merchantId, purchase.id);
    // Put in (or taken out of) a batch between the two reads: start again with the lock it needs.
    if (!commission || commission.payoutId === batchId) return { batch, commission };
  }
}

/**
 * A paid commission is never edited: the difference between the target and what the
 * affiliate has (paid plus earlier clawbacks) is settled by clawbacks. Too much paid: a new
 * negative clawback, one per adjustment. A reduction that went away (a refund that failed):
 * unpaid clawbacks outside any batch shrink first, newest first, and what remains is paid back
 * as a positive one.
 */
async function settleWithClawbacks(db: Database, commission: Commission, target: number) {
  const clawbacks = await lockClawbacks(db, commission.merchantId, commission.id);
  let delta = target - (commission.amount + clawbacks.reduce((sum, c) => sum + c.amount, 0));
  if (delta === 0) return;
  if (delta > 0) {
    const open = clawbacks.filter((c) => c.status !== "paid" && !c.payoutId && c.amount < 0).reverse();
    for (const clawback of open) {
      if (delta === 0) break;
      const amount = Math.min(0, clawback.amount + delta);
      delta -= amount - clawback.amount;
      await updateCommission(db, clawback, {
        amount,
        ...(amount === 0 ? { status: "cancelled" as const, cancelReason: "ledger" as const } : {}),
      });
    }
    if (delta === 0) return;
  }
  await insertCommission(db, {
    id: newId("com"),
    merchantId: commission.merchantId,
    affiliateId: commission.affiliateId,
    purchaseId: commission.purchaseId,
    reversesId: commission.id,
    amount: delta,
    currency: commission.currency,
    status: "due",
    kind: "clawback",
    dueAt: new Date(),
    livemode: commission.livemode,
  });
}
