import type Stripe from "stripe";
import { chargeFingerprint, paidInvoicePayment } from "./fingerprints";
import { idOf, SUBSCRIPTION_READ } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";

/**
 * When each subscription was first asked of Stripe through a reader. A webhook's reader makes
 * its reads ahead of the transaction and answers the handler's repeats from memory, so the
 * time a subscription was read is the time of that first request, not of the handler's call.
 */
const readTimes = new WeakMap<SalesStripe, Map<string, Date>>();

/** The subscription as Stripe has it, and when it was read (docs/ledger.md "Stale reads"). */
export async function readSubscription(
  stripe: SalesStripe,
  subscriptionId: string,
): Promise<{ subscription: Stripe.Subscription; readAt: Date }> {
  const times = readTimes.get(stripe) ?? new Map<string, Date>();
  readTimes.set(stripe, times);
  // Taken before the request: a read is at least as old as the moment it was asked for.
  const readAt = times.get(subscriptionId) ?? new Date();
  times.set(subscriptionId, readAt);
  const subscription = await stripe.retrieveSubscription(subscriptionId, SUBSCRIPTION_READ);
  return { subscription, readAt };
}

/** The payment intent that paid a subscription invoice (invoices no longer name it). */
export async function invoicePaymentIntentId(stripe: SalesStripe, invoice: Stripe.Invoice) {
  return (await invoicePayment(stripe, invoice)).paymentIntentId;
}

/** The payment intent that paid an invoice and its card's fingerprint, from one read. */
export async function invoicePayment(stripe: SalesStripe, invoice: Stripe.Invoice) {
  const payment = await paidInvoicePayment(stripe, invoice.id);
  const intent = payment?.payment.payment_intent ?? null;
  const charge = intent && typeof intent !== "string" ? intent.latest_charge : null;
  return { paymentIntentId: idOf(intent), fingerprint: chargeFingerprint(charge) };
}
