import type Stripe from "stripe";
import { releasesAuthorisation } from "./adjustments";
import { readInvoiceFingerprint, readSessionFingerprint } from "./fingerprints";
import {
  hintsForCharge,
  hintsForCheckoutSession,
  hintsForInvoice,
  hintsForSubscription,
  type SaleHints,
  subscriptionCheckoutSessionIds,
} from "./hints";
import { idOf, invoiceSubscriptionId } from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";
import { invoicePaymentIntentId, readSubscription } from "./subscription-reads";

/** What the database already knows, asked before reading from Stripe what it need not. */
export interface KnownSales {
  chargeRecorded(chargeId: string, paymentIntentId: string | null): Promise<boolean>;
  /** The subscription is tracked by start/end dates (as stored, else as a new one would be). */
  trackedByDates(subscriptionId: string): Promise<boolean>;
  /**
   * A sale with these hints may be credited to an affiliate, or be an affiliate's own purchase:
   * only such a sale needs its card read ahead (fingerprints.ts). It may answer yes too often,
   * never no for a sale that is credited as things stand.
   */
  mayCredit(hints: SaleHints): Promise<boolean>;
  /** The invoice's sale is recorded with its card already (a later event of the same sale). */
  invoiceCardKnown(invoiceId: string): Promise<boolean>;
}

/**
 * The Stripe reads a sales event will need, made before its database transaction opens (the
 * reader memoizes them, so the handler's own calls inside the transaction are answered from
 * memory). Only reads: whatever the handler decides, it decides inside the transaction.
 */
export async function prefetchSalesReads(
  stripe: SalesStripe,
  event: Stripe.Event,
  known: KnownSales,
): Promise<void> {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      if (session.mode !== "subscription") return prefetchSession(stripe, session, known);
      const invoiceId = idOf(session.invoice);
      const subscriptionId = idOf(session.subscription);
      if (invoiceId) await prefetchInvoice(stripe, await stripe.retrieveInvoice(invoiceId), known);
      else if (subscriptionId) await prefetchSubscription(stripe, subscriptionId, known, null);
      return;
    }
    case "checkout.session.async_payment_succeeded":
      return prefetchSession(stripe, event.data.object, known);
    case "invoice.paid":
      return prefetchInvoice(stripe, event.data.object, known);
    case "invoice.payment_failed":
    case "invoice.voided":
    case "invoice.marked_uncollectible": {
      const subscriptionId = invoiceSubscriptionId(event.data.object);
      if (subscriptionId) await prefetchSubscription(stripe, subscriptionId, known, null);
      return;
    }
    case "charge.succeeded":
    case "charge.captured":
      // An authorisation not yet captured records nothing, and needs nothing from Stripe.
      if (!event.data.object.captured) return;
      return prefetchCharge(stripe, event.data.object, known, false);
    case "charge.refunded": {
      const charge = event.data.object;
      await Promise.all([
        prefetchCharge(stripe, charge, known, true),
        stripe.listRefunds({ charge: charge.id, limit: 100 }),
      ]);
      return;
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const refund = event.data.object as Stripe.Refund;
      if (refund.reason === "expired_uncaptured_charge" || (await releasesAuthorisation(stripe, refund)))
        return;
      return prefetchAdjusted(stripe, refund, known);
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      return prefetchAdjusted(stripe, event.data.object as Stripe.Dispute, known);
    case "credit_note.created":
    case "credit_note.updated":
    case "credit_note.voided": {
      const invoiceId = idOf(event.data.object.invoice);
      if (invoiceId) await prefetchInvoice(stripe, await stripe.retrieveInvoice(invoiceId), known);
      return;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed":
    case "customer.subscription.trial_will_end":
      return void (await prefetchSubscription(stripe, event.data.object.id, known, null));
    default:
      return;
  }
}

/**
 * A one-off Checkout payment: its hints, and its card when the sale is not recorded yet (its
 * charge event, which carries the card, usually records it first) and may earn a commission.
 */
async function prefetchSession(stripe: SalesStripe, session: Stripe.Checkout.Session, known: KnownSales) {
  const hints = await hintsForCheckoutSession(stripe, session);
  const paymentIntent = idOf(session.payment_intent);
  if (session.mode !== "payment" || session.payment_status !== "paid" || !paymentIntent) return;
  if (await known.chargeRecorded(paymentIntent, paymentIntent)) return;
  if (await known.mayCredit(hints)) await readSessionFingerprint(stripe, session);
}

/** A refund's or dispute's charge, when no event has recorded its sale yet. */
async function prefetchAdjusted(
  stripe: SalesStripe,
  object: Stripe.Refund | Stripe.Dispute,
  known: KnownSales,
) {
  const chargeId = idOf(object.charge);
  if (!chargeId || (await known.chargeRecorded(chargeId, idOf(object.payment_intent)))) return;
  return prefetchCharge(stripe, await stripe.retrieveCharge(chargeId), known, true);
}

/**
 * A charge no event has recorded yet: one-off, it is recorded from its Checkout Session and
 * customer; paying an invoice, the invoice is the sale (recorded first only for a refund).
 */
async function prefetchCharge(
  stripe: SalesStripe,
  charge: Stripe.Charge,
  known: KnownSales,
  recordsInvoice: boolean,
) {
  const paymentIntent = idOf(charge.payment_intent);
  if (await known.chargeRecorded(charge.id, paymentIntent)) return;
  const payments = paymentIntent
    ? await stripe.listInvoicePayments({
        payment: { type: "payment_intent", payment_intent: paymentIntent },
        limit: 1,
      })
    : null;
  const invoiceId = idOf(payments?.data[0]?.invoice ?? null);
  if (!invoiceId) return void (await hintsForCharge(stripe, charge));
  // The invoice's sale takes its card from this charge: no read for it.
  if (recordsInvoice)
    await prefetchInvoice(stripe, await stripe.retrieveInvoice(invoiceId), known, { withCard: false });
}

/**
 * Tracked by dates, a paid invoice links its payment to its period; else it is the sale, and
 * its card is read with its payment (a one-off invoice's hints make that read anyway; a
 * subscription's invoice needs it only when the sale may earn a commission).
 */
async function prefetchInvoice(
  stripe: SalesStripe,
  invoice: Stripe.Invoice,
  known: KnownSales,
  options: { withCard: boolean } = { withCard: true },
) {
  const subscriptionId = invoiceSubscriptionId(invoice);
  // A $0 invoice attributes its customer in either mode; a paid one is a sale in transaction mode.
  const paid = invoice.status === "paid" ? invoice : null;
  const byDates = subscriptionId
    ? await prefetchSubscription(stripe, subscriptionId, known, paid && paid.amount_paid > 0 ? paid : null)
    : false;
  if (!paid || (byDates && paid.amount_paid > 0)) return;
  const hints = await hintsForInvoice(stripe, paid);
  if (!options.withCard || paid.amount_paid <= 0) return;
  if (subscriptionId && ((await known.invoiceCardKnown(paid.id)) || !(await known.mayCredit(hints)))) return;
  await readInvoiceFingerprint(stripe, paid);
}

/**
 * Tracked by dates, a subscription's periods are recorded from its own hints (the first one
 * under its Checkout Session too), and a paid invoice's payment is linked to its period.
 */
async function prefetchSubscription(
  stripe: SalesStripe,
  subscriptionId: string,
  known: KnownSales,
  paidInvoice: Stripe.Invoice | null,
): Promise<boolean> {
  const [{ subscription }, byDates] = await Promise.all([
    readSubscription(stripe, subscriptionId),
    known.trackedByDates(subscriptionId),
  ]);
  if (!byDates) return false;
  await Promise.all([
    hintsForSubscription(stripe, subscription),
    subscriptionCheckoutSessionIds(stripe, subscriptionId),
    paidInvoice ? invoicePaymentIntentId(stripe, paidInvoice) : null,
  ]);
  return true;
}
