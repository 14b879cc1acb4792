import type Stripe from "stripe";
import type { Database } from "@/db";
import { lockPurchaseForCharge } from "@/db/queries/purchases";
import type { Merchant, Purchase } from "@/db/schema";
import {
  hintsForCharge,
  hintsForCheckoutSession,
  hintsForInvoice,
  paymentCheckoutSessionIds,
  paymentIntentOfInvoice,
  subscriptionCheckoutSessionIds,
} from "./hints";
import { fillLinks, recordSale } from "./record-sale";
import { fromSeconds, idOf, invoiceNetAmount, invoiceSubscriptionId, sessionNetAmount } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";
import { settlePeriodInvoice, syncSubscription } from "./subscriptions";

export type SaleOutcome = { purchase: Purchase | null; note?: string };

/** A paid invoice is the sale (transaction mode); in dates mode its billing period is. */
export async function recordInvoiceSale(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  invoice: Stripe.Invoice,
): Promise<SaleOutcome> {
  if (invoice.status !== "paid" || invoice.amount_paid <= 0) return { purchase: null, note: "nothing paid" };
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (subscriptionId) {
    const sub = await syncSubscription(db, merchant, stripe, subscriptionId);
    // Tracked by dates, the billing period is the sale: its invoice only links its payment.
    if (sub.trackingMode === "dates") return settlePeriodInvoice(db, stripe, sub, invoice);
  }
  const paidAt = fromSeconds(invoice.status_transitions?.paid_at) ?? fromSeconds(invoice.created)!;
  // A one-off invoice shares its sale's key with the payment that paid it: one purchase.
  const paymentIntentId = await paymentIntentOfInvoice(stripe, invoice);
  // The site may have reported the sale under its Checkout Session: a one-off payment's, or
  // the one that started the subscription.
  const sessions = paymentIntentId
    ? await paymentCheckoutSessionIds(stripe, paymentIntentId)
    : subscriptionId && invoice.billing_reason === "subscription_create"
      ? await subscriptionCheckoutSessionIds(stripe, subscriptionId)
      : [];
  const { purchase } = await recordSale(
    db,
    merchant,
    {
      stripeId: paymentIntentId ?? invoice.id,
      aliases: paymentIntentId ? [invoice.id, ...sessions] : sessions,
      source: "invoice",
      amount: invoiceNetAmount(invoice),
      currency: invoice.currency,
      livemode: invoice.livemode,
      at: paidAt,
      subscriptionId,
      paymentIntentId,
    },
    () => hintsForInvoice(stripe, invoice),
  );
  return { purchase };
}

/** A one-off Checkout payment; its payment intent is the key its charge event shares. */
export async function recordCheckoutSale(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  session: Stripe.Checkout.Session,
): Promise<SaleOutcome> {
  if (session.mode !== "payment" || session.payment_status !== "paid") {
    return { purchase: null, note: "not a paid one-off payment" };
  }
  const paymentIntentId = idOf(session.payment_intent);
  const { purchase } = await recordSale(
    db,
    merchant,
    {
      stripeId: paymentIntentId ?? session.id,
      aliases: [session.id],
      source: "checkout_session",
      amount: sessionNetAmount(session),
      currency: session.currency ?? "usd",
      livemode: session.livemode,
      at: fromSeconds(session.created)!,
      paymentIntentId,
    },
    () => hintsForCheckoutSession(stripe, session),
  );
  return { purchase };
}

/** The invoice a payment intent paid, if any (charges no longer point at invoices). */
async function invoicePaidBy(stripe: SalesStripe, paymentIntentId: string | null) {
  if (!paymentIntentId) return null;
  const payments = await stripe.listInvoicePayments({
    payment: { type: "payment_intent", payment_intent: paymentIntentId },
    limit: 1,
  });
  return idOf(payments.data[0]?.invoice ?? null);
}

/**
 * The purchase a charge belongs to, recording it first if no event has yet: a refund or
 * dispute may arrive before the sale's own event.
 */
export async function purchaseForCharge(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  charge: Stripe.Charge,
): Promise<SaleOutcome> {
  const paymentIntentId = idOf(charge.payment_intent);
  const known = await lockPurchaseForCharge(db, merchant.id, { id: charge.id, paymentIntentId });
  if (known) return { purchase: known };
  const invoiceId = await invoicePaidBy(stripe, paymentIntentId);
  if (invoiceId) {
    const invoice = await stripe.retrieveInvoice(invoiceId);
    const outcome = await recordInvoiceSale(db, merchant, stripe, invoice);
    if (!outcome.purchase) return outcome;
    const linked = await lockPurchaseForCharge(db, merchant.id, { id: charge.id, paymentIntentId });
    return { purchase: linked ?? outcome.purchase };
  }
  return recordChargeSale(db, merchant, stripe, charge);
}

/** A one-off charge without an invoice (or a Checkout payment whose session event is late). */
export async function recordChargeSale(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  charge: Stripe.Charge,
): Promise<SaleOutcome> {
  if (!charge.paid || charge.status !== "succeeded") return { purchase: null, note: "charge not paid" };
  const paymentIntentId = idOf(charge.payment_intent);
  // Usually the Checkout event came first: then this only links the charge, with no API call.
  const known = await lockPurchaseForCharge(db, merchant.id, { id: charge.id, paymentIntentId });
  if (known) {
    const purchase = await fillLinks(db, known, { chargeId: charge.id, paymentIntentId });
    return { purchase, note: `charge of purchase ${known.id}` };
  }
  if (await invoicePaidBy(stripe, paymentIntentId)) {
    return { purchase: null, note: "paid an invoice: the invoice is the sale" };
  }
  const sessions = paymentIntentId
    ? await stripe.listCheckoutSessions({ payment_intent: paymentIntentId, limit: 1 })
    : null;
  const session = sessions?.data[0];
  const { purchase } = await recordSale(
    db,
    merchant,
    {
      stripeId: paymentIntentId ?? charge.id,
      aliases: [charge.id, ...(session ? [session.id] : [])],
      source: session ? "checkout_session" : "charge",
      amount: session ? sessionNetAmount(session) : charge.amount_captured || charge.amount,
      currency: charge.currency,
      livemode: charge.livemode,
      at: fromSeconds(session?.created ?? charge.created)!,
      chargeId: charge.id,
      paymentIntentId,
    },
    () => hintsForCharge(stripe, charge),
  );
  return { purchase };
}
