/**
 * Money movement shared by the API and the scenario helpers: a succeeded PaymentIntent with its
 * Charge, refunds that accumulate on the charge, disputes. Checkout and invoices pay through here.
 */
import { invalidRequest } from "./errors";
import type { Metadata } from "./objects";
import type { Address, Charge, Dispute, PaymentIntent, Refund } from "./objects-payments";
import type { SimAccount, SimContext } from "./state";

export const EMPTY_ADDRESS: Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

export interface PaymentInput {
  amount: number;
  currency: string;
  customer: string | null;
  email: string | null;
  name: string | null;
  description?: string | null;
  metadata?: Metadata;
  created?: number;
}

export function createPayment(
  sim: SimContext,
  account: SimAccount,
  input: PaymentInput,
): { paymentIntent: PaymentIntent; charge: Charge } {
  const created = input.created ?? sim.now();
  const paymentIntentId = sim.newId("pi");
  const paymentMethod = sim.newId("pm");
  const charge: Charge = {
    id: sim.newId("ch"),
    object: "charge",
    amount: input.amount,
    amount_captured: input.amount,
    amount_refunded: 0,
    balance_transaction: sim.newId("txn"),
    billing_details: {
      address: { ...EMPTY_ADDRESS },
      email: input.email,
      name: input.name,
      phone: null,
      tax_id: null,
    },
    captured: true,
    created,
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    disputed: false,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    paid: true,
    payment_intent: paymentIntentId,
    payment_method: paymentMethod,
    receipt_email: input.email,
    refunded: false,
    status: "succeeded",
  };
  const paymentIntent: PaymentIntent = {
    id: paymentIntentId,
    object: "payment_intent",
    amount: input.amount,
    amount_received: input.amount,
    created,
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    latest_charge: charge.id,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    payment_method: paymentMethod,
    receipt_email: input.email,
    status: "succeeded",
  };
  account.paymentIntents.set(paymentIntent.id, paymentIntent);
  account.charges.set(charge.id, charge);
  return { paymentIntent, charge };
}

export function formatMoney(amount: number, currency: string): string {
  const major = (amount / 100).toFixed(2);
  return currency === "usd" ? `$${major}` : `${major} ${currency.toUpperCase()}`;
}

const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"];

/** Refunds part or all of what remains; `amount_refunded` on the charge is cumulative. */
export function refundCharge(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  input: { amount?: number; reason?: string | null; metadata?: Metadata; created?: number },
): { refund: Refund; previous: { amount_refunded: number; refunded: boolean } } {
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      "charge",
      "charge_already_refunded",
    );
  }
  const openDispute = [...account.disputes.values()].some(
    (d) => d.charge === charge.id && d.status !== "won",
  );
  if (openDispute) {
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
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  const refund: Refund = {
    id: sim.newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: input.created ?? sim.now(),
    currency: charge.currency,
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: input.reason ?? null,
    status: "succeeded",
  };
  account.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  return { refund, previous };
}

export function openDispute(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  input: { reason?: string; amount?: number; created?: number },
): Dispute {
  const dispute: Dispute = {
    id: sim.newId("dp"),
    object: "dispute",
    amount: input.amount ?? charge.amount - charge.amount_refunded,
    charge: charge.id,
    created: input.created ?? sim.now(),
    currency: charge.currency,
    is_charge_refundable: false,
    livemode: account.livemode,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: input.reason ?? "fraudulent",
    status: "needs_response",
  };
  account.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  return dispute;
}

/** The charge that paid an invoice: invoices and charges meet only through invoice payments. */
export function chargeOfInvoice(account: SimAccount, invoiceId: string): Charge | undefined {
  for (const payment of account.invoicePayments.values()) {
    if (payment.invoice !== invoiceId) continue;
    const intent = account.paymentIntents.get(payment.payment.payment_intent);
    if (intent?.latest_charge) return account.charges.get(intent.latest_charge);
  }
  return undefined;
}
