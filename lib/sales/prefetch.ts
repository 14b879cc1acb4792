import type Stripe from "stripe";
import { hintsForCharge, hintsForCheckoutSession, hintsForInvoice } from "./hints";
import { idOf, invoiceSubscriptionId } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";

/**
 * The Stripe reads a sales event will need, made before its database transaction opens (the
 * reader memoizes them, so the handler's own calls inside the transaction are answered from
 * memory). Only reads: whatever the handler decides, it decides inside the transaction.
 */
export async function prefetchSalesReads(
  stripe: SalesStripe,
  event: Stripe.Event,
  known: { chargeRecorded(chargeId: string, paymentIntentId: string | null): Promise<boolean> },
): Promise<void> {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      if (session.mode !== "subscription") return void (await hintsForCheckoutSession(stripe, session));
      const invoiceId = idOf(session.invoice);
      if (invoiceId) await prefetchInvoice(stripe, await stripe.retrieveInvoice(invoiceId));
      return;
    }
    case "invoice.paid":
      return prefetchInvoice(stripe, event.data.object);
    case "charge.succeeded": {
      const charge = event.data.object;
      const paymentIntent = idOf(charge.payment_intent);
      if (await known.chargeRecorded(charge.id, paymentIntent)) return;
      if (!paymentIntent) return void (await hintsForCharge(stripe, charge));
      const payments = await stripe.listInvoicePayments({
        payment: { type: "payment_intent", payment_intent: paymentIntent },
        limit: 1,
      });
      if (payments.data.length === 0) {
        await stripe.listCheckoutSessions({ payment_intent: paymentIntent, limit: 1 });
        await hintsForCharge(stripe, charge);
      }
      return;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return void (await stripe.retrieveSubscription(event.data.object.id));
    default:
      return;
  }
}

async function prefetchInvoice(stripe: SalesStripe, invoice: Stripe.Invoice) {
  const subscriptionId = invoiceSubscriptionId(invoice);
  await Promise.all([
    subscriptionId ? stripe.retrieveSubscription(subscriptionId) : null,
    invoice.status === "paid" && invoice.amount_paid > 0 ? hintsForInvoice(stripe, invoice) : null,
  ]);
}
