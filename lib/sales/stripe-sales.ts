import type Stripe from "stripe";
import type { Database } from "@/db";
import { lockPurchaseForCharge, lockPurchaseForInvoice } from "@/db/queries/purchases";
import { subscriptionTrackingMode } from "@/db/queries/subscriptions";
import type { Merchant, Purchase } from "@/db/schema";
import { ratioHalfUp } from "@/lib/commissions/ledger";
import { attributeSale } from "./attribute-sale";
import { chargeFingerprint, rememberedFingerprint, rememberFingerprint } from "./fingerprints";
import {
  hintsForCharge,
  hintsForCheckoutSession,
  hintsForInvoice,
  paymentCheckoutSessionIds,
  paymentIntentOfInvoice,
  type SaleHints,
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
  if (invoice.status !== "paid") return { purchase: null, note: "invoice not paid" };
  // A $0 invoice (a trial's first, a 100% coupon) is no sale, but fixes the customer's attribution.
  if (invoice.amount_paid <= 0)
    return attributeOnly(db, merchant, invoice, () => hintsForInvoice(stripe, invoice));
  const subscriptionId = invoiceSubscriptionId(invoice);
  // A subscription known to be tracked by transaction needs no sync here (its own events keep
  // it current); a new one is stored first, fixing its mode, and a dates-tracked one settles
  // the billing period this invoice paid.
  if (subscriptionId && (await subscriptionTrackingMode(db, merchant.id, subscriptionId)) !== "transaction") {
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
      // A Checkout payment's post-purchase invoice is a receipt of the Checkout sale: the same
      // source whichever of its events records it first.
      source: paymentIntentId && sessions.length ? "checkout_session" : "invoice",
      amount: invoiceNetAmount(invoice),
      chargedAmount: invoice.amount_paid,
      currency: invoice.currency,
      livemode: invoice.livemode,
      at: paidAt,
      subscriptionId,
      paymentIntentId,
      invoiceId: invoice.id,
      paymentFingerprint: rememberedFingerprint(stripe, [invoice.id, paymentIntentId]),
    },
    () => hintsForInvoice(stripe, invoice),
  );
  return { purchase };
}

/**
 * A sale that paid nothing yet: no purchase, but its customer is attributed from its facts
 * now, so the first paid sale (after a trial, a capture, a settlement) follows them.
 */
async function attributeOnly(
  db: Database,
  merchant: Merchant,
  object: { livemode: boolean; created: number },
  loadHints: () => Promise<SaleHints>,
): Promise<SaleOutcome> {
  const attribution = await attributeSale(db, merchant, await loadHints(), {
    livemode: object.livemode,
    at: fromSeconds(object.created)!,
  });
  return {
    purchase: null,
    note: attribution
      ? `nothing paid yet; customer attributed to ${attribution.affiliateId}`
      : "nothing paid yet",
  };
}

/** A one-off Checkout payment; its payment intent is the key its charge event shares. */
export async function recordCheckoutSale(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  session: Stripe.Checkout.Session,
  /** When the payment settled, for async payment methods (else the session's creation). */
  settledAt?: Date,
): Promise<SaleOutcome> {
  if (session.mode !== "payment") return { purchase: null, note: "not a one-off payment" };
  if (session.payment_status !== "paid") {
    // Unsettled (async) or authorised only: its customer is attributed, the sale waits.
    if (!idOf(session.customer)) return { purchase: null, note: "payment not settled yet" };
    return attributeOnly(db, merchant, session, () => hintsForCheckoutSession(stripe, session));
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
      chargedAmount: session.amount_total,
      currency: session.currency ?? "usd",
      livemode: session.livemode,
      at: settledAt ?? fromSeconds(session.created)!,
      paymentIntentId,
      paymentFingerprint: rememberedFingerprint(stripe, [session.id, paymentIntentId]),
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
    const paymentFingerprint = chargeFingerprint(charge);
    // The charge in hand is the invoice's payment: its card needs no read.
    rememberFingerprint(stripe, [invoiceId], paymentFingerprint);
    const outcome = await recordInvoiceSale(db, merchant, stripe, invoice);
    if (!outcome.purchase) return outcome;
    // The invoice's sale learns its charge: the charge's later events find it at once.
    const links = { chargeId: charge.id, paymentIntentId, paymentFingerprint };
    return { purchase: await fillLinks(db, outcome.purchase, links) };
  }
  return recordChargeSale(db, merchant, stripe, charge);
}

/** A one-off charge without an invoice (or a Checkout payment whose session event is late). */
export async function recordChargeSale(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  charge: Stripe.Charge,
  /** When an async payment settled (its event's time); else the charge's or session's creation. */
  settledAt?: Date,
): Promise<SaleOutcome> {
  const paymentIntentId = idOf(charge.payment_intent);
  // Usually the Checkout event came first: then this only links the charge, with no API call.
  const known = await lockPurchaseForCharge(db, merchant.id, { id: charge.id, paymentIntentId });
  const paymentFingerprint = chargeFingerprint(charge);
  if (known) {
    const purchase = await fillLinks(db, known, { chargeId: charge.id, paymentIntentId, paymentFingerprint });
    return { purchase, note: `charge of purchase ${known.id}` };
  }
  if (!charge.paid || charge.status !== "succeeded") return { purchase: null, note: "charge not paid" };
  // Authorised, not captured: it earns on `charge.captured`, for the amount captured.
  if (!charge.captured) return { purchase: null, note: "authorised, not captured yet" };
  const invoiceId = await invoicePaidBy(stripe, paymentIntentId);
  if (invoiceId) {
    // Recorded already from its invoice: the sale learns its charge.
    const sale = await lockPurchaseForInvoice(db, merchant.id, invoiceId);
    if (!sale) return { purchase: null, note: "paid an invoice: the invoice is the sale" };
    const purchase = await fillLinks(db, sale, { chargeId: charge.id, paymentIntentId, paymentFingerprint });
    return { purchase, note: `charge of purchase ${sale.id}` };
  }
  const sessions = paymentIntentId
    ? await stripe.listCheckoutSessions({ payment_intent: paymentIntentId, limit: 1 })
    : null;
  const session = sessions?.data[0];
  const captured = charge.amount_captured || charge.amount;
  // A partial capture earns on what was captured: the session's base scaled to it.
  const base = session
    ? ratioHalfUp([sessionNetAmount(session), captured], [Math.max(session.amount_total ?? captured, 1)])
    : captured;
  const { purchase } = await recordSale(
    db,
    merchant,
    {
      stripeId: paymentIntentId ?? charge.id,
      aliases: [charge.id, ...(session ? [session.id] : [])],
      source: session ? "checkout_session" : "charge",
      amount: base,
      chargedAmount: captured,
      currency: charge.currency,
      livemode: charge.livemode,
      at: settledAt ?? fromSeconds(session?.created ?? charge.created)!,
      chargeId: charge.id,
      paymentIntentId,
      paymentFingerprint,
    },
    () => hintsForCharge(stripe, charge),
  );
  return { purchase };
}
