/**
 * Credit notes on finalized invoices. A credit note first lowers what is still due on the invoice
 * (`pre_payment_amount`); the rest (`post_payment_amount`) must be split, exactly, between a
 * refund on the invoice's charge (`refund_amount`), the customer's balance (`credit_amount`) and
 * credit given outside of Stripe (`out_of_band_amount`).
 */
import { invalidRequest } from "../http/errors";
import { formatMoney } from "../payments/payments";
import { type ChargeRefundState, refundCharge } from "../payments/refunds";
import type { Invoice, Metadata } from "../store/objects";
import type { CreditNote, CreditNoteReason } from "../store/objects-credit-notes";
import type { Charge, Refund } from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";
import { chargeOfInvoice } from "./invoices";

export const CREDIT_NOTE_REASONS: CreditNoteReason[] = [
  "duplicate",
  "fraudulent",
  "order_change",
  "product_unsatisfactory",
];

export interface CreditNoteInput {
  amount?: number;
  refundAmount?: number;
  creditAmount?: number;
  outOfBandAmount?: number;
  reason?: CreditNoteReason | null;
  memo?: string | null;
  metadata?: Metadata;
  created?: number;
}

export interface IssuedCreditNote {
  creditNote: CreditNote;
  invoice: Invoice;
  refund: Refund | null;
  charge: Charge | null;
  chargePrevious: ChargeRefundState | null;
}

function creditsOf(account: SimAccount, invoice: string): CreditNote[] {
  return [...account.creditNotes.values()].filter((c) => c.invoice === invoice);
}

export function issueCreditNote(
  sim: SimContext,
  account: SimAccount,
  invoice: Invoice,
  input: CreditNoteInput,
): IssuedCreditNote {
  if (invoice.status !== "paid" && invoice.status !== "open") {
    throw invalidRequest(
      `Credit notes can only be issued on open or paid invoices; ${invoice.id} is ${invoice.status}.`,
      "invoice",
    );
  }
  const refundAmount = input.refundAmount ?? 0;
  const creditAmount = input.creditAmount ?? 0;
  const outOfBand = input.outOfBandAmount ?? 0;
  const parts = refundAmount + creditAmount + outOfBand;
  const amount = input.amount ?? (invoice.status === "open" ? invoice.amount_remaining + parts : parts);
  if (!Number.isInteger(amount) || amount <= 0) throw invalidRequest("Invalid positive integer", "amount");
  if (input.reason && !CREDIT_NOTE_REASONS.includes(input.reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${CREDIT_NOTE_REASONS.join(", ")}`, "reason");
  }
  const pre = Math.min(amount, invoice.amount_remaining);
  const post = amount - pre;
  const credited = creditsOf(account, invoice.id)
    .filter((c) => c.status === "issued")
    .reduce((sum, c) => sum + c.amount, 0);
  if (amount > invoice.total - credited) {
    throw invalidRequest(
      `The credit note amount (${formatMoney(amount, invoice.currency)}) exceeds what can still be credited on invoice ${invoice.id} (${formatMoney(invoice.total - credited, invoice.currency)}).`,
      "amount",
    );
  }
  if (parts !== post) {
    throw invalidRequest(
      `The sum of refund_amount, credit_amount and out_of_band_amount (${parts}) must equal the credit note's post-payment amount (${post}).`,
      "out_of_band_amount",
    );
  }
  const created = input.created ?? sim.now();
  const id = sim.newId("cn");
  const charge = refundAmount > 0 ? (chargeOfInvoice(account, invoice.id) ?? null) : null;
  if (refundAmount > 0 && !charge)
    throw invalidRequest(`Invoice ${invoice.id} has no charge to refund.`, "refund_amount");
  const refunded =
    charge && refundCharge(sim, account, charge, { amount: refundAmount, created, metadata: {} });
  let balanceTransaction: string | null = null;
  if (creditAmount > 0) {
    const customer = account.customers.get(invoice.customer);
    if (customer) customer.balance -= creditAmount;
    balanceTransaction = sim.newId("cbtxn");
  }
  const sequence = creditsOf(account, invoice.id).length + 1;
  const creditNote: CreditNote = {
    id,
    object: "credit_note",
    amount,
    amount_shipping: 0,
    created,
    currency: invoice.currency,
    customer: invoice.customer,
    customer_account: null,
    customer_balance_transaction: balanceTransaction,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    invoice: invoice.id,
    lines: {
      data: [
        {
          id: sim.newId("cnli"),
          object: "credit_note_line_item",
          amount,
          description: input.memo ?? "Credit",
          discount_amount: 0,
          discount_amounts: [],
          livemode: account.livemode,
          metadata: {},
          pretax_credit_amounts: [],
          quantity: 1,
          tax_rates: [],
          taxes: [],
          type: "custom_line_item",
          unit_amount: amount,
          unit_amount_decimal: String(amount),
        },
      ],
      has_more: false,
      object: "list",
      url: `/v1/credit_notes/${id}/lines`,
    },
    livemode: account.livemode,
    memo: input.memo ?? null,
    metadata: input.metadata ?? {},
    number: `${invoice.number}-CN-${String(sequence).padStart(2, "0")}`,
    out_of_band_amount: outOfBand > 0 ? outOfBand : null,
    pdf: `${sim.config.baseUrl}/credit_notes/${id}/pdf`,
    post_payment_amount: post,
    pre_payment_amount: pre,
    pretax_credit_amounts: [],
    reason: input.reason ?? null,
    refunds: refunded
      ? [
          {
            amount_refunded: refundAmount,
            payment_record_refund: null,
            refund: refunded.refund.id,
            type: "refund",
          },
        ]
      : [],
    shipping_cost: null,
    status: "issued",
    subtotal: amount,
    subtotal_excluding_tax: amount,
    total: amount,
    total_excluding_tax: amount,
    total_taxes: [],
    type: pre === 0 ? "post_payment" : post === 0 ? "pre_payment" : "mixed",
    voided_at: null,
  };
  account.creditNotes.set(id, creditNote);
  invoice.pre_payment_credit_notes_amount += pre;
  invoice.post_payment_credit_notes_amount += post;
  if (pre > 0) {
    invoice.amount_due -= pre;
    invoice.amount_remaining -= pre;
  }
  return {
    creditNote,
    invoice,
    refund: refunded?.refund ?? null,
    charge,
    chargePrevious: refunded?.previous ?? null,
  };
}

/**
 * Voiding undoes the credit on the invoice and the customer's balance. A refund already sent
 * cannot be taken back, so a credit note with refunds is refused.
 */
export function voidCreditNote(sim: SimContext, account: SimAccount, creditNote: CreditNote): Invoice {
  if (creditNote.status === "void")
    throw invalidRequest(`Credit note ${creditNote.id} is already void.`, "id");
  if (creditNote.refunds.length > 0) {
    throw invalidRequest(`Credit note ${creditNote.id} has refunds and cannot be voided.`, "id");
  }
  const invoice = account.invoices.get(creditNote.invoice);
  if (!invoice) throw new Error(`Stripe simulator: invoice ${creditNote.invoice} is missing`);
  creditNote.status = "void";
  creditNote.voided_at = sim.now();
  invoice.pre_payment_credit_notes_amount -= creditNote.pre_payment_amount;
  invoice.post_payment_credit_notes_amount -= creditNote.post_payment_amount;
  if (creditNote.pre_payment_amount > 0) {
    invoice.amount_due += creditNote.pre_payment_amount;
    invoice.amount_remaining += creditNote.pre_payment_amount;
  }
  if (creditNote.customer_balance_transaction) {
    const customer = account.customers.get(creditNote.customer);
    const credit = creditNote.post_payment_amount - (creditNote.out_of_band_amount ?? 0);
    if (customer) customer.balance += credit;
  }
  return invoice;
}
