import type Stripe from "stripe";
import { invoicePayment } from "./fingerprints";
import { SUBSCRIPTION_READ } from "./stripe-facts";
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
