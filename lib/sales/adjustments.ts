import type Stripe from "stripe";
import type { Database } from "@/db";
import { type AdjustmentWrite, listAdjustments, upsertAdjustment } from "@/db/queries/adjustments";
import { lockPurchaseForCharge, lockPurchaseForInvoice, updatePurchase } from "@/db/queries/purchases";
import type { Merchant, Purchase, SaleAdjustment } from "@/db/schema";
import { reconcileCommission } from "@/lib/commissions/adjustments";
import { ratioHalfUp, saleState } from "@/lib/commissions/ledger";
import { customerRefunds, fromSeconds, idOf } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";
import { purchaseForCharge, recordInvoiceSale, type SaleOutcome } from "./stripe-sales";

/**
 * Refunds, disputes and credit notes, each by its own Stripe id and lifecycle (docs/ledger.md
 * "Adjustments"). Every event records the object's state as a row that only moves forward, then
 * recomputes the sale's summary and its commission from all of its rows.
 */

type Cause = Pick<Stripe.Event, "id" | "type">;

const REFUND_STAGE: Record<string, number> = {
  pending: 0,
  requires_action: 0,
  succeeded: 1,
  failed: 2,
  canceled: 2,
};

export function refundRow(refund: Stripe.Refund): Omit<AdjustmentWrite, "merchantId" | "purchaseId"> {
  const stage = REFUND_STAGE[refund.status ?? "pending"] ?? 0;
  return {
    id: refund.id,
    kind: "refund",
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status ?? "pending",
    stage,
    effect: stage === 2 ? "none" : "reduces",
    eventId: null,
    eventType: null,
    stripeCreatedAt: fromSeconds(refund.created),
  };
}

// An inquiry closed without a chargeback, or one prevented, ends like a won dispute.
const CLOSED = new Set(["won", "lost", "warning_closed", "prevented"]);

/**
 * A dispute's stage: open (0), funds withdrawn (1), funds reinstated (2), closed (3). The event
 * type names the money movements; the dispute's balance transactions show them too.
 */
export function disputeRow(
  dispute: Stripe.Dispute,
  eventType: string,
): Omit<AdjustmentWrite, "merchantId" | "purchaseId"> {
  const moves = (dispute.balance_transactions ?? []).map((t) => t.amount);
  const stage = CLOSED.has(dispute.status)
    ? 3
    : eventType === "charge.dispute.funds_reinstated" || moves.some((a) => a > 0)
      ? 2
      : eventType === "charge.dispute.funds_withdrawn" || moves.some((a) => a < 0)
        ? 1
        : 0;
  const effect =
    stage === 3
      ? dispute.status === "lost"
        ? "reduces"
        : "none"
      : stage === 1
        ? "reduces_and_holds"
        : "holds";
  return {
    id: dispute.id,
    kind: "dispute",
    amount: dispute.amount,
    currency: dispute.currency,
    status: dispute.status,
    stage,
    effect,
    eventId: null,
    eventType: null,
    stripeCreatedAt: fromSeconds(dispute.created),
  };
}

/**
 * A credit note reduces what the customer paid by its post-payment part that no refund carried:
 * credited to the customer's balance or settled out of band. Its refunds are rows of their own.
 */
export function creditNoteRow(note: Stripe.CreditNote): Omit<AdjustmentWrite, "merchantId" | "purchaseId"> {
  const refunded = (note.refunds ?? []).reduce((sum, r) => sum + (r.amount_refunded ?? 0), 0);
  const postPayment = note.type === "pre_payment" ? 0 : (note.post_payment_amount ?? note.total);
  const amount = Math.max(0, postPayment - refunded);
  const voided = note.status === "void";
  return {
    id: note.id,
    kind: "credit_note",
    amount,
    currency: note.currency,
    status: note.status,
    stage: voided ? 1 : 0,
    effect: voided || amount === 0 ? "none" : "reduces",
    eventId: null,
    eventType: null,
    stripeCreatedAt: fromSeconds(note.created),
  };
}

type Row = Pick<SaleAdjustment, "kind" | "status" | "stage" | "amount" | "effect">;

/** The purchase's status and figures for display, from its adjustment rows. */
export function purchaseSummary(purchase: Pick<Purchase, "amount" | "chargedAmount">, rows: Row[]) {
  const charged = purchase.chargedAmount ?? purchase.amount;
  const refunded = Math.min(
    charged,
    rows.filter((r) => r.kind !== "dispute" && r.effect === "reduces").reduce((sum, r) => sum + r.amount, 0),
  );
  const disputes = rows.filter((r) => r.kind === "dispute");
  const disputeStatus: Purchase["disputeStatus"] = disputes.some((d) => d.stage < 3)
    ? "open"
    : disputes.some((d) => d.status === "lost")
      ? "lost"
      : disputes.length
        ? "won"
        : null;
  const status: Purchase["status"] =
    disputeStatus === "open" || disputeStatus === "lost"
      ? "disputed"
      : refunded <= 0
        ? "completed"
        : refunded >= charged
          ? "refunded"
          : "partially_refunded";
  const amountRefunded = charged > 0 ? ratioHalfUp([purchase.amount, refunded], [charged]) : 0;
  return { status, disputeStatus, amountRefunded };
}

/** Recomputes a sale's summary and commission from its rows (after any of them changed). */
export async function refreshSale(db: Database, purchase: Purchase): Promise<Purchase> {
  const rows = await listAdjustments(db, purchase.merchantId, purchase.id);
  const summary = purchaseSummary(purchase, rows);
  const changed =
    summary.status !== purchase.status ||
    summary.disputeStatus !== purchase.disputeStatus ||
    summary.amountRefunded !== purchase.amountRefunded;
  const updated = changed ? ((await updatePurchase(db, purchase, summary)) ?? purchase) : purchase;
  await reconcileCommission(db, updated, saleState(rows));
  return updated;
}

async function record(
  db: Database,
  purchase: Purchase,
  row: Omit<AdjustmentWrite, "merchantId" | "purchaseId">,
  cause: Cause,
): Promise<SaleOutcome> {
  const changed = await upsertAdjustment(db, {
    ...row,
    merchantId: purchase.merchantId,
    purchaseId: purchase.id,
    eventId: cause.id,
    eventType: cause.type,
  });
  if (!changed) return { purchase, note: `${row.kind.replace("_", " ")} ${row.id} already ${row.status}` };
  return {
    purchase: await refreshSale(db, purchase),
    note: `${row.kind.replace("_", " ")} ${row.id} ${row.status}`,
  };
}

/** The purchase a charge paid for; recorded first from the API if no event has yet. */
async function saleOfCharge(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  ref: { chargeId: string | null; paymentIntentId: string | null },
): Promise<SaleOutcome> {
  if (!ref.chargeId) return { purchase: null, note: "no charge to adjust" };
  const known = await lockPurchaseForCharge(db, merchant.id, {
    id: ref.chargeId,
    paymentIntentId: ref.paymentIntentId,
  });
  if (known) return { purchase: known };
  return purchaseForCharge(db, merchant, stripe, await stripe.retrieveCharge(ref.chargeId));
}

/** `refund.created|updated|failed`, `charge.refund.updated`: one refund as Stripe has it. */
export async function applyRefund(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  refund: Stripe.Refund,
  cause: Cause,
): Promise<SaleOutcome> {
  if (refund.reason === "expired_uncaptured_charge" || (await releasesAuthorisation(stripe, refund)))
    return { purchase: null, note: "an authorisation released" };
  const sale = await saleOfCharge(db, merchant, stripe, {
    chargeId: idOf(refund.charge),
    paymentIntentId: idOf(refund.payment_intent),
  });
  if (!sale.purchase) return sale;
  return record(db, sale.purchase, refundRow(refund), cause);
}

/**
 * The uncaptured rest of a partial capture, which Stripe releases as a refund of its own: no
 * customer refund, whichever of the refund's events reports it (docs/ledger.md "Sales",
 * captures). Read like `charge.refunded` reads it: the charge and its refunds.
 */
export async function releasesAuthorisation(stripe: SalesStripe, refund: Stripe.Refund): Promise<boolean> {
  const chargeId = idOf(refund.charge);
  if (!chargeId || refund.status !== "succeeded" || refund.reason) return false;
  const charge = await stripe.retrieveCharge(chargeId);
  if (!charge.captured || charge.amount_captured >= charge.amount) return false;
  const listed = (await stripe.listRefunds({ charge: chargeId, limit: 100 })).data;
  const refunds = [...listed.filter((r) => r.id !== refund.id), refund];
  return !customerRefunds(charge, refunds).some((r) => r.id === refund.id);
}

/**
 * `charge.refunded`: the charge's refunds, listed from Stripe (the payload no longer carries
 * them), each recorded like its own event would.
 */
export async function applyChargeRefunds(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  charge: Stripe.Charge,
  cause: Cause,
): Promise<SaleOutcome> {
  const { purchase, note } = await purchaseForCharge(db, merchant, stripe, charge);
  if (!purchase) return { purchase: null, note };
  const refunds = customerRefunds(charge, (await stripe.listRefunds({ charge: charge.id, limit: 100 })).data);
  let changed = false;
  for (const refund of refunds) {
    changed =
      (await upsertAdjustment(db, {
        ...refundRow(refund),
        merchantId: purchase.merchantId,
        purchaseId: purchase.id,
        eventId: cause.id,
        eventType: cause.type,
      })) || changed;
  }
  if (!changed) return { purchase, note: "refunds already applied" };
  return { purchase: await refreshSale(db, purchase), note: `${refunds.length} refund(s) on the charge` };
}

/** Every dispute event: the dispute as Stripe has it, by its id. */
export async function applyDispute(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  dispute: Stripe.Dispute,
  cause: Cause,
): Promise<SaleOutcome> {
  const sale = await saleOfCharge(db, merchant, stripe, {
    chargeId: idOf(dispute.charge),
    paymentIntentId: idOf(dispute.payment_intent),
  });
  if (!sale.purchase) return sale;
  return record(db, sale.purchase, disputeRow(dispute, cause.type), cause);
}

/** `credit_note.created|updated|voided`: a credit note on a paid invoice. */
export async function applyCreditNote(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  note: Stripe.CreditNote,
  cause: Cause,
): Promise<SaleOutcome> {
  const invoiceId = idOf(note.invoice);
  if (!invoiceId) return { purchase: null, note: "credit note without an invoice" };
  const known = await lockPurchaseForInvoice(db, merchant.id, invoiceId);
  const sale = known
    ? { purchase: known }
    : await recordInvoiceSale(db, merchant, stripe, await stripe.retrieveInvoice(invoiceId));
  if (!sale.purchase) return { purchase: null, note: sale.note ?? "the invoice is no sale" };
  return record(db, sale.purchase, creditNoteRow(note), cause);
}
