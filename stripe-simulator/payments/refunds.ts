/**
 * Refunds and their lifecycle. A charge's `amount_refunded` counts every refund that has not
 * failed or been canceled (pending ones included), and `refunded` is true only when it reaches the
 * charge's amount. Capturing less than was authorised, or letting an authorisation expire, makes
 * Stripe refund the uncaptured rest itself: a refund object that is not a customer's refund.
 */
import { invalidRequest } from "../http/errors";
import type { Metadata } from "../store/objects";
import type { Charge, Refund, RefundStatus } from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";
import { assertUncaptured, formatMoney } from "./payments";

const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"];
/** Statuses after which a dispute no longer blocks a refund. */
const REFUNDABLE_AFTER = ["won", "warning_closed"];

export type ChargeRefundState = { amount_refunded: number; refunded: boolean };

function state(charge: Charge): ChargeRefundState {
  return { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
}

function moveRefunded(charge: Charge, delta: number): ChargeRefundState {
  const previous = state(charge);
  charge.amount_refunded += delta;
  charge.refunded = charge.amount_refunded === charge.amount;
  return previous;
}

function newRefund(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  input: {
    amount: number;
    reason: string | null;
    status: RefundStatus;
    metadata?: Metadata;
    created?: number;
  },
): Refund {
  const bank = charge.payment_method_details.type === "us_bank_account";
  const refund: Refund = {
    id: sim.newId("re"),
    object: "refund",
    amount: input.amount,
    balance_transaction: input.status === "requires_action" ? null : sim.newId("txn"),
    charge: charge.id,
    created: input.created ?? sim.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: bank
      ? { type: "us_bank_account", us_bank_account: { reference: null, reference_status: "pending" } }
      : {
          card: {
            reference: null,
            reference_status: "pending",
            reference_type: "acquirer_reference_number",
            type: charge.captured ? "refund" : "reversal",
          },
          type: "card",
        },
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: input.status,
    transfer_reversal: null,
  };
  account.refunds.set(refund.id, refund);
  return refund;
}

/** Refunds part or all of what remains; `amount_refunded` on the charge is cumulative. */
export function refundCharge(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  input: {
    amount?: number;
    reason?: string | null;
    metadata?: Metadata;
    created?: number;
    status?: "pending" | "succeeded" | "requires_action";
  },
): { refund: Refund; previous: ChargeRefundState } {
  if (charge.status === "failed")
    throw invalidRequest(`Charge ${charge.id} failed; there is nothing to refund.`, "charge");
  if (!charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured; cancel its PaymentIntent to release the authorization.`,
      "charge",
    );
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      "charge",
      "charge_already_refunded",
    );
  }
  const blocking = [...account.disputes.values()].some(
    (d) => d.charge === charge.id && !d.is_charge_refundable && !REFUNDABLE_AFTER.includes(d.status),
  );
  if (blocking) {
    throw invalidRequest(
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      "charge",
      "charge_disputed",
    );
  }
  const amount = input.amount ?? remaining;
  if (!Number.isInteger(amount) || amount <= 0) throw invalidRequest("Invalid positive integer", "amount");
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
      "amount",
    );
  }
  if (input.reason && !REFUND_REASONS.includes(input.reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${REFUND_REASONS.join(", ")}`, "reason");
  }
  const refund = newRefund(sim, account, charge, {
    amount,
    reason: input.reason ?? null,
    status: input.status ?? "succeeded",
    metadata: input.metadata,
    created: input.created,
  });
  return { refund, previous: moveRefunded(charge, amount) };
}

export function getRefund(account: SimAccount, id: string): { refund: Refund; charge: Charge } {
  const refund = account.refunds.get(id);
  const charge = refund && account.charges.get(refund.charge);
  if (!refund || !charge) throw new Error(`Stripe simulator: no refund ${id}`);
  return { refund, charge };
}

type Transition = { previous: Partial<Refund>; charge: ChargeRefundState | null };

/** A refund that did not reach the customer: the charge gets the amount back. */
export function failRefund(sim: SimContext, account: SimAccount, refund: Refund, reason: string): Transition {
  if (refund.status !== "pending" && refund.status !== "succeeded") {
    throw invalidRequest(`Refund ${refund.id} is ${refund.status} and cannot fail.`, "refund");
  }
  const charge = getRefund(account, refund.id).charge;
  const previous = { status: refund.status };
  Object.assign(refund, {
    status: "failed",
    failure_reason: reason,
    failure_balance_transaction: sim.newId("txn"),
  });
  return { previous, charge: moveRefunded(charge, -refund.amount) };
}

export function settleRefund(refund: Refund): Transition {
  if (refund.status !== "pending") throw invalidRequest(`Refund ${refund.id} is not pending.`, "refund");
  refund.status = "succeeded";
  return { previous: { status: "pending" }, charge: null };
}

/** Stripe cancels only refunds waiting for the customer (`requires_action`). */
export function cancelRefund(sim: SimContext, account: SimAccount, refund: Refund): Transition {
  if (refund.status !== "requires_action") {
    throw invalidRequest(
      `You can only cancel refunds with a status of requires_action; refund ${refund.id} is ${refund.status}.`,
      "refund",
    );
  }
  const charge = getRefund(account, refund.id).charge;
  Object.assign(refund, {
    status: "canceled",
    failure_reason: "merchant_request",
    failure_balance_transaction: sim.newId("txn"),
  });
  return { previous: { status: "requires_action" }, charge: moveRefunded(charge, -refund.amount) };
}

/**
 * Captures an authorised charge, in full or in part; Stripe refunds the uncaptured remainder
 * automatically, so a partial capture leaves `amount_refunded` at that remainder.
 */
export function captureCharge(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  amount = charge.amount,
  created = sim.now(),
): { previous: Record<string, unknown>; release: Refund | null } {
  const intent = assertUncaptured(account, charge);
  if (!Number.isInteger(amount) || amount <= 0 || amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount to capture must be a positive integer no greater than ${intent.amount_capturable}.`,
      "amount_to_capture",
    );
  }
  const previous = { amount_captured: 0, captured: false, balance_transaction: null, ...state(charge) };
  Object.assign(charge, { captured: true, amount_captured: amount, balance_transaction: sim.newId("txn") });
  Object.assign(intent, { status: "succeeded", amount_capturable: 0, amount_received: amount });
  const rest = charge.amount - amount;
  let release: Refund | null = null;
  if (rest > 0) {
    release = newRefund(sim, account, charge, { amount: rest, reason: null, status: "succeeded", created });
    moveRefunded(charge, rest);
  }
  return { previous, release };
}

/** An authorisation not captured in time: the whole amount is released, the intent canceled. */
export function expireCharge(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  created = sim.now(),
): { previous: ChargeRefundState; release: Refund } {
  const intent = assertUncaptured(account, charge);
  Object.assign(intent, {
    status: "canceled",
    amount_capturable: 0,
    canceled_at: created,
    cancellation_reason: "automatic",
  });
  const release = newRefund(sim, account, charge, {
    amount: charge.amount,
    reason: "expired_uncaptured_charge",
    status: "succeeded",
    created,
  });
  return { previous: moveRefunded(charge, charge.amount), release };
}
