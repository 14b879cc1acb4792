import type Stripe from "stripe";
import { idOf } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";

/**
 * The card (or bank account) fingerprint of the payment behind a sale
 * (purchases.payment_fingerprint), for the fraud signal that compares it with what the sale's
 * affiliate paid with themself.
 *
 * A charge event carries its charge; a Checkout Session or an invoice only names its payment,
 * so their fingerprint is read ahead of the transaction (prefetch.ts), for sales that may earn
 * an affiliate something, and remembered here for the handler. The handler only looks here: it
 * never asks Stripe for a fingerprint, so a sale read ahead without one simply has none.
 */
const remembered = new WeakMap<SalesStripe, Map<string, string>>();

/** Debits whose details carry a fingerprint of the bank account, as cards do of the card. */
const BANK_METHODS = ["us_bank_account", "sepa_debit", "bacs_debit", "au_becs_debit", "acss_debit"] as const;

/**
 * The fingerprint of what paid a charge: the card's as it is, a bank account's named by its
 * method (`sepa_debit:…`), so two kinds can never match each other. Null for a method without
 * one, or a charge not expanded.
 */
export function chargeFingerprint(charge: Stripe.Charge | string | null | undefined): string | null {
  if (!charge || typeof charge === "string") return null;
  const details = charge.payment_method_details;
  if (details?.card?.fingerprint) return details.card.fingerprint;
  for (const method of BANK_METHODS) {
    const fingerprint = details?.[method]?.fingerprint;
    if (fingerprint) return `${method}:${fingerprint}`;
  }
  return null;
}

export function rememberFingerprint(
  stripe: SalesStripe,
  ids: (string | null | undefined)[],
  fingerprint: string | null,
) {
  if (!fingerprint) return;
  const known = remembered.get(stripe) ?? new Map<string, string>();
  remembered.set(stripe, known);
  for (const id of ids) if (id) known.set(id, fingerprint);
}

/** What was read ahead for any of these ids (a session, its payment intent, an invoice). */
export function rememberedFingerprint(stripe: SalesStripe, ids: (string | null | undefined)[]) {
  const known = remembered.get(stripe);
  for (const id of ids) {
    const fingerprint = id ? known?.get(id) : undefined;
    if (fingerprint) return fingerprint;
  }
  return null;
}

/** The payment that paid an invoice, with its payment intent's latest charge: one read. */
export async function paidInvoicePayment(stripe: SalesStripe, invoiceId: string) {
  const payments = await stripe.listInvoicePayments({
    invoice: invoiceId,
    status: "paid",
    limit: 1,
    expand: ["data.payment.payment_intent.latest_charge"],
  });
  return payments.data[0] ?? null;
}

/** The payment intent that paid an invoice and its card's fingerprint, from one read. */
export async function invoicePayment(stripe: SalesStripe, invoice: Stripe.Invoice) {
  const payment = await paidInvoicePayment(stripe, invoice.id);
  const intent = payment?.payment.payment_intent ?? null;
  const charge = intent && typeof intent !== "string" ? intent.latest_charge : null;
  return { paymentIntentId: idOf(intent), fingerprint: chargeFingerprint(charge) };
}

/** Reads ahead the card an invoice was paid with. */
export async function readInvoiceFingerprint(stripe: SalesStripe, invoice: Stripe.Invoice) {
  rememberFingerprint(stripe, [invoice.id], (await invoicePayment(stripe, invoice)).fingerprint);
}

/** Reads ahead the card a Checkout payment was made with, through its payment intent. */
export async function readSessionFingerprint(stripe: SalesStripe, session: Stripe.Checkout.Session) {
  const paymentIntentId = idOf(session.payment_intent);
  if (!paymentIntentId) return;
  const full = await stripe.retrieveCheckoutSession(session.id, { expand: ["payment_intent.latest_charge"] });
  const intent = full.payment_intent;
  const charge = intent && typeof intent !== "string" ? intent.latest_charge : null;
  rememberFingerprint(stripe, [session.id, paymentIntentId], chargeFingerprint(charge));
}
