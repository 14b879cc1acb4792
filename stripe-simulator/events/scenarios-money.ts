/**
 * Scenario helpers for what happens to a payment after it is taken: capture or expiry of an
 * authorisation, settlement of a bank debit, refunds by id with their own lifecycle, disputes by
 * id (inquiries, partial and repeated disputes), credit notes.
 */
import { type CreditNoteInput, issueCreditNote, voidCreditNote } from "../billing/credit-notes";
import { chargeOfInvoice } from "../billing/invoices";
import { closeDispute, openDispute, submitEvidence } from "../payments/disputes";
import { settleCharge } from "../payments/payments";
import {
  cancelRefund,
  captureCharge,
  expireCharge,
  failRefund,
  getRefund,
  refundCharge,
  settleRefund,
} from "../payments/refunds";
import type { Invoice } from "../store/objects";
import type { CreditNote } from "../store/objects-credit-notes";
import type { Charge, CheckoutSession, Dispute, Refund, StripeEvent } from "../store/objects-payments";
import { connectedAccount, type SimAccount, type SimContext } from "../store/state";
import { finish, type ScenarioOptions, type ScenarioResult } from "./scenario-kit";
import { buildEvent, type EventOptions } from "./webhooks";

export interface ChargeTarget extends ScenarioOptions {
  /** The charge, or the invoice / payment intent / Checkout Session whose charge is meant. */
  charge?: string;
  invoice?: string;
  paymentIntent?: string;
  session?: string;
}

export interface RefundInput extends ChargeTarget {
  /** Defaults to everything not yet refunded. */
  amount?: number;
  reason?: "duplicate" | "fraudulent" | "requested_by_customer";
  /** pending: card refunds still on their way; requires_action: waiting for the customer's details. */
  status?: "pending" | "succeeded" | "requires_action";
}

export interface DisputeInput extends ChargeTarget {
  /** Less than the charge: a partial dispute. Defaults to what was captured and not refunded. */
  amount?: number;
  /** An inquiry (retrieval request): warning_needs_response, no funds withdrawn. */
  inquiry?: boolean;
  /** Closes the dispute right away with this outcome. */
  outcome?: "won" | "lost" | "warning_closed";
  reason?: string;
}

export interface RefundTarget extends ScenarioOptions {
  refund: string;
}

export interface DisputeTarget extends ScenarioOptions {
  dispute: string;
}

export interface CreditNoteScenarioInput extends ScenarioOptions, Omit<CreditNoteInput, "created"> {
  invoice: string;
}

export function findCharge(account: SimAccount, target: ChargeTarget): Charge {
  let id = target.charge;
  if (!id && target.invoice) id = chargeOfInvoice(account, target.invoice)?.id;
  const intentId =
    target.paymentIntent ?? (target.session && account.checkoutSessions.get(target.session)?.payment_intent);
  if (!id && intentId) id = account.paymentIntents.get(intentId)?.latest_charge ?? undefined;
  const charge = id ? account.charges.get(id) : undefined;
  if (!charge) throw new Error(`Stripe simulator: no charge found for ${JSON.stringify(target)}`);
  return charge;
}

function getDispute(account: SimAccount, id: string): Dispute {
  const dispute = account.disputes.get(id);
  if (!dispute) throw new Error(`Stripe simulator: no dispute ${id}`);
  return dispute;
}

export function createMoneyHelpers(sim: SimContext) {
  /** Builds events in order into one list. */
  const recorder = (account: SimAccount) => {
    const events: StripeEvent[] = [];
    const add = (type: string, object: object, opts?: EventOptions) => {
      events.push(buildEvent(sim, account, type, object, opts));
    };
    return { events, add };
  };

  const refundEvents = (account: SimAccount, refund: Refund, charge: Charge, previous: object | null) => {
    const { events, add } = recorder(account);
    add("refund.created", refund);
    add("charge.refunded", charge, { previous: previous as Record<string, unknown> });
    return events;
  };

  const disputeClosing = (
    account: SimAccount,
    dispute: Dispute,
    outcome: "won" | "lost" | "warning_closed",
  ) => {
    const { events, add } = recorder(account);
    const { previous, reinstated } = closeDispute(sim, dispute, outcome);
    add("charge.dispute.closed", dispute, { previous });
    if (reinstated) add("charge.dispute.funds_reinstated", dispute);
    return events;
  };

  const refundTransition = async (
    input: RefundTarget,
    change: (account: SimAccount, refund: Refund) => { previous: object },
    failed: boolean,
  ): Promise<ScenarioResult & { refund: Refund; charge: Charge }> => {
    const account = connectedAccount(sim, input.account);
    const { refund, charge } = getRefund(account, input.refund);
    const { previous } = change(account, refund);
    const { events, add } = recorder(account);
    if (failed) add("refund.failed", refund);
    add("refund.updated", refund, { previous: previous as Record<string, unknown> });
    add("charge.refund.updated", refund, { previous: previous as Record<string, unknown> });
    return { refund, charge, ...(await finish(sim, events, input.deliver)) };
  };

  return {
    /** charge.captured; a partial capture releases the rest (amount_refunded = the uncaptured remainder). */
    async captureCharge(
      input: ChargeTarget & { amount?: number },
    ): Promise<ScenarioResult & { charge: Charge; release: Refund | null }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const { previous, release } = captureCharge(sim, account, charge, input.amount);
      const events = [buildEvent(sim, account, "charge.captured", charge, { previous })];
      return { charge, release, ...(await finish(sim, events, input.deliver)) };
    },

    /** charge.expired: the authorisation lapsed; refunded in full, captured false, intent canceled. */
    async expireCharge(input: ChargeTarget): Promise<ScenarioResult & { charge: Charge; release: Refund }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const { previous, release } = expireCharge(sim, account, charge);
      const events = [buildEvent(sim, account, "charge.expired", charge, { previous })];
      return { charge, release, ...(await finish(sim, events, input.deliver)) };
    },

    /** A bank debit settles: charge.succeeded + async_payment_succeeded, or charge.failed + async_payment_failed. */
    async settleAsyncPayment(
      input: ScenarioOptions & { session: string; outcome: "succeeded" | "failed" },
    ): Promise<ScenarioResult & { session: CheckoutSession; charge: Charge }> {
      const account = connectedAccount(sim, input.account);
      const session = account.checkoutSessions.get(input.session);
      if (!session) throw new Error(`Stripe simulator: no Checkout Session ${input.session}`);
      const charge = findCharge(account, { account: input.account, session: session.id });
      const { previous } = settleCharge(sim, account, charge, input.outcome);
      const { events, add } = recorder(account);
      if (input.outcome === "succeeded") {
        session.payment_status = "paid";
        add("charge.succeeded", charge, { previous });
        add("checkout.session.async_payment_succeeded", session, { previous: { payment_status: "unpaid" } });
      } else {
        add("charge.failed", charge, { previous });
        add("checkout.session.async_payment_failed", session);
      }
      return { session, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** refund.created, charge.refunded (cumulative amount_refunded; pending refunds count). */
    async refund(input: RefundInput): Promise<ScenarioResult & { refund: Refund; charge: Charge }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const { refund, previous } = refundCharge(sim, account, charge, {
        amount: input.amount,
        reason: input.reason,
        status: input.status,
      });
      const events = refundEvents(account, refund, charge, previous);
      return { refund, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** refund.failed, refund.updated, charge.refund.updated; the charge gets the amount back. */
    failRefund(input: RefundTarget & { reason?: string }) {
      const reason = input.reason ?? "expired_or_canceled_card";
      return refundTransition(input, (account, refund) => failRefund(sim, account, refund, reason), true);
    },

    /** A pending refund reaches the customer: refund.updated, charge.refund.updated. */
    settleRefund(input: RefundTarget) {
      return refundTransition(input, (_account, refund) => settleRefund(refund), false);
    },

    /** Cancels a requires_action refund: refund.updated, charge.refund.updated. */
    cancelRefund(input: RefundTarget) {
      return refundTransition(input, (account, refund) => cancelRefund(sim, account, refund), false);
    },

    /** charge.dispute.created, charge.dispute.funds_withdrawn (not for an inquiry), then closing events for an outcome. */
    async dispute(input: DisputeInput): Promise<ScenarioResult & { dispute: Dispute; charge: Charge }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const dispute = openDispute(sim, account, charge, {
        reason: input.reason,
        amount: input.amount,
        inquiry: input.inquiry,
      });
      const { events, add } = recorder(account);
      add("charge.dispute.created", dispute);
      if (!input.inquiry) add("charge.dispute.funds_withdrawn", dispute);
      if (input.outcome) events.push(...disputeClosing(account, dispute, input.outcome));
      return { dispute, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** Evidence submitted: charge.dispute.updated (under_review, or warning_under_review for an inquiry). */
    async updateDispute(
      input: DisputeTarget & { evidence?: Record<string, string> },
    ): Promise<ScenarioResult & { dispute: Dispute }> {
      const account = connectedAccount(sim, input.account);
      const dispute = getDispute(account, input.dispute);
      const previous = submitEvidence(
        dispute,
        input.evidence ?? { uncategorized_text: "Delivered as ordered." },
      );
      const events = [buildEvent(sim, account, "charge.dispute.updated", dispute, { previous })];
      return { dispute, ...(await finish(sim, events, input.deliver)) };
    },

    /** charge.dispute.closed, and charge.dispute.funds_reinstated when won. */
    async closeDispute(
      input: DisputeTarget & { outcome: "won" | "lost" | "warning_closed" },
    ): Promise<ScenarioResult & { dispute: Dispute }> {
      const account = connectedAccount(sim, input.account);
      const dispute = getDispute(account, input.dispute);
      const events = disputeClosing(account, dispute, input.outcome);
      return { dispute, ...(await finish(sim, events, input.deliver)) };
    },

    /** credit_note.created, then refund.created and charge.refunded when part of it is refunded. */
    async creditNote(input: CreditNoteScenarioInput): Promise<
      ScenarioResult & {
        creditNote: CreditNote;
        invoice: Invoice;
        refund: Refund | null;
        charge: Charge | null;
      }
    > {
      const account = connectedAccount(sim, input.account);
      const invoice = account.invoices.get(input.invoice);
      if (!invoice) throw new Error(`Stripe simulator: no invoice ${input.invoice}`);
      const issued = issueCreditNote(sim, account, invoice, input);
      const events = [buildEvent(sim, account, "credit_note.created", issued.creditNote)];
      if (issued.refund && issued.charge)
        events.push(...refundEvents(account, issued.refund, issued.charge, issued.chargePrevious));
      const { creditNote, refund, charge } = issued;
      return { creditNote, invoice, refund, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** credit_note.voided. */
    async voidCreditNote(
      input: ScenarioOptions & { creditNote: string },
    ): Promise<ScenarioResult & { creditNote: CreditNote; invoice: Invoice }> {
      const account = connectedAccount(sim, input.account);
      const creditNote = account.creditNotes.get(input.creditNote);
      if (!creditNote) throw new Error(`Stripe simulator: no credit note ${input.creditNote}`);
      const invoice = voidCreditNote(sim, account, creditNote);
      const events = [buildEvent(sim, account, "credit_note.voided", creditNote)];
      return { creditNote, invoice, ...(await finish(sim, events, input.deliver)) };
    },
  };
}
