import type Stripe from "stripe";
import { paidInvoicePayment } from "./fingerprints";
import {
  customerEmailOf,
  idOf,
  invoiceSubscriptionId,
  promotionCodeIds,
  SUBSCRIPTION_READ,
  trackingIdIn,
} from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";

/**
 * Everything Stripe knows that can attribute a sale. Payloads are often incomplete and
 * events arrive in any order, so each sale gathers the same facts from the API whichever
 * event announced it: that is what makes every order converge on one attribution.
 */
export interface SaleHints {
  customerId: string | null;
  email: string | null;
  trackingIds: string[];
  promotionCodes: string[];
}

const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => !!v)),
];

async function customerFacts(stripe: SalesStripe, customerId: string | null) {
  if (!customerId) return { email: null, trackingId: null };
  const customer = await stripe.retrieveCustomer(customerId);
  const live =
    customer && !("deleted" in customer && customer.deleted) ? (customer as Stripe.Customer) : null;
  return { email: customerEmailOf(customer), trackingId: trackingIdIn(live?.metadata) };
}

async function codesFor(stripe: SalesStripe, promotionIds: string[]): Promise<string[]> {
  const codes = await Promise.all(
    promotionIds.map((id) => stripe.retrievePromotionCode(id).then((p) => p.code)),
  );
  return unique(codes);
}

/**
 * Checkout Sessions name the tracking id (client_reference_id) and the promotion code. The code
 * needs the session retrieved with its discount breakdown, which only a discounted session has.
 */
async function sessionFacts(stripe: SalesStripe, session: Stripe.Checkout.Session) {
  const discounted = (session.total_details?.amount_discount ?? 0) > 0;
  const full = discounted
    ? await stripe.retrieveCheckoutSession(session.id, { expand: ["total_details.breakdown"] })
    : session;
  return {
    trackingIds: [full.client_reference_id, trackingIdIn(full.metadata)],
    promotionIds: promotionCodeIds(full.total_details?.breakdown?.discounts.map((d) => d.discount)),
    email: full.customer_details?.email ?? full.customer_email ?? null,
  };
}

export async function hintsForCheckoutSession(
  stripe: SalesStripe,
  session: Stripe.Checkout.Session,
): Promise<SaleHints> {
  const customerId = idOf(session.customer);
  const [facts, customer] = await Promise.all([
    sessionFacts(stripe, session),
    customerFacts(stripe, customerId),
  ]);
  let subscriptionTid: string | null = null;
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId)
    subscriptionTid = trackingIdIn(
      (await stripe.retrieveSubscription(subscriptionId, SUBSCRIPTION_READ)).metadata,
    );
  return {
    customerId,
    email: (facts.email ?? customer.email)?.toLowerCase() ?? null,
    trackingIds: unique([...facts.trackingIds, customer.trackingId, subscriptionTid]),
    promotionCodes: await codesFor(stripe, facts.promotionIds),
  };
}

/**
 * The payment intent that paid a one-off invoice (Checkout's post-purchase invoice, or one the
 * merchant sent): that payment is the sale, whose charge and Checkout events name it too.
 */
export async function paymentIntentOfInvoice(stripe: SalesStripe, invoice: Stripe.Invoice) {
  if (invoiceSubscriptionId(invoice)) return null;
  // Read with its charge: the same read gives the sale its card (fingerprints.ts).
  const payment = await paidInvoicePayment(stripe, invoice.id);
  return idOf(payment?.payment.payment_intent ?? null);
}

/** The Checkout Session a one-off payment was made through, if any (the same read its hints make). */
export async function paymentCheckoutSessionIds(stripe: SalesStripe, paymentIntentId: string) {
  const sessions = await stripe.listCheckoutSessions({ payment_intent: paymentIntentId, limit: 1 });
  return sessions.data.map((s) => s.id);
}

/** The Checkout Sessions that started a subscription (the same read its hints make). */
export async function subscriptionCheckoutSessionIds(stripe: SalesStripe, subscriptionId: string) {
  const sessions = await stripe.listCheckoutSessions({ subscription: subscriptionId, limit: 3 });
  return sessions.data.map((s) => s.id);
}

/**
 * An invoice's discounts are ids until expanded (fetched only when there are some). Its Checkout
 * Session is looked up for a subscription's invoices (the session that started the subscription:
 * its tracking id carries past a trial, and to a renewal that arrives before the first invoice's
 * event) and for a one-off invoice through the payment that paid it.
 */
export async function hintsForInvoice(stripe: SalesStripe, invoice: Stripe.Invoice): Promise<SaleHints> {
  const customerId = idOf(invoice.customer);
  const subscriptionId = invoiceSubscriptionId(invoice);
  const sessionsOf = async () => {
    if (subscriptionId) return stripe.listCheckoutSessions({ subscription: subscriptionId, limit: 3 });
    const paymentIntent = await paymentIntentOfInvoice(stripe, invoice);
    return paymentIntent ? stripe.listCheckoutSessions({ payment_intent: paymentIntent, limit: 1 }) : null;
  };
  const [full, customer, subscription, sessions] = await Promise.all([
    (invoice.discounts ?? []).length > 0
      ? stripe.retrieveInvoice(invoice.id, { expand: ["discounts"] })
      : invoice,
    customerFacts(stripe, customerId),
    subscriptionId ? stripe.retrieveSubscription(subscriptionId, SUBSCRIPTION_READ) : null,
    sessionsOf(),
  ]);
  const sessionHints = await Promise.all((sessions?.data ?? []).map((s) => sessionFacts(stripe, s)));
  return {
    customerId,
    email: (invoice.customer_email ?? customer.email ?? sessionHints[0]?.email)?.toLowerCase() ?? null,
    trackingIds: unique([
      ...sessionHints.flatMap((s) => s.trackingIds),
      trackingIdIn(invoice.metadata),
      trackingIdIn(subscription?.metadata),
      trackingIdIn(invoice.parent?.subscription_details?.metadata),
      customer.trackingId,
    ]),
    promotionCodes: await codesFor(
      stripe,
      unique([...promotionCodeIds(full.discounts), ...sessionHints.flatMap((s) => s.promotionIds)]),
    ),
  };
}

/** A one-off charge: its Checkout Session, if it came from one, knows more than the charge. */
export async function hintsForCharge(stripe: SalesStripe, charge: Stripe.Charge): Promise<SaleHints> {
  const customerId = idOf(charge.customer);
  const paymentIntent = idOf(charge.payment_intent);
  const [customer, sessions] = await Promise.all([
    customerFacts(stripe, customerId),
    paymentIntent ? stripe.listCheckoutSessions({ payment_intent: paymentIntent, limit: 1 }) : null,
  ]);
  const session = sessions?.data[0] ? await sessionFacts(stripe, sessions.data[0]) : null;
  return {
    customerId,
    email:
      (
        session?.email ??
        charge.billing_details?.email ??
        charge.receipt_email ??
        customer.email
      )?.toLowerCase() ?? null,
    trackingIds: unique([
      ...(session?.trackingIds ?? []),
      trackingIdIn(charge.metadata),
      customer.trackingId,
    ]),
    promotionCodes: await codesFor(stripe, session?.promotionIds ?? []),
  };
}

/** A subscription tracked by dates: attributed from its customer, metadata and Checkout Session. */
export async function hintsForSubscription(
  stripe: SalesStripe,
  subscription: Stripe.Subscription,
): Promise<SaleHints> {
  const customerId = idOf(subscription.customer);
  const [customer, sessions] = await Promise.all([
    customerFacts(stripe, customerId),
    stripe.listCheckoutSessions({ subscription: subscription.id, limit: 3 }),
  ]);
  const sessionHints = await Promise.all(sessions.data.map((s) => sessionFacts(stripe, s)));
  return {
    customerId,
    email: (customer.email ?? sessionHints[0]?.email)?.toLowerCase() ?? null,
    trackingIds: unique([
      ...sessionHints.flatMap((s) => s.trackingIds),
      trackingIdIn(subscription.metadata),
      customer.trackingId,
    ]),
    promotionCodes: await codesFor(
      stripe,
      unique([...promotionCodeIds(subscription.discounts), ...sessionHints.flatMap((s) => s.promotionIds)]),
    ),
  };
}
