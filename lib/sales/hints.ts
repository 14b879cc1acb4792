import type Stripe from "stripe";
import { customerEmailOf, idOf, invoiceSubscriptionId, promotionCodeIds, trackingIdIn } from "./stripe-facts";
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

/** Checkout Sessions name the tracking id (client_reference_id) and the promotion code reliably. */
async function sessionFacts(stripe: SalesStripe, sessionId: string) {
  const session = await stripe.retrieveCheckoutSession(sessionId, { expand: ["total_details.breakdown"] });
  const promos = promotionCodeIds(session.total_details?.breakdown?.discounts.map((d) => d.discount));
  return {
    trackingIds: [session.client_reference_id, trackingIdIn(session.metadata)],
    promotionIds: promos,
    email: session.customer_details?.email ?? session.customer_email ?? null,
  };
}

export async function hintsForCheckoutSession(
  stripe: SalesStripe,
  session: Stripe.Checkout.Session,
): Promise<SaleHints> {
  const customerId = idOf(session.customer);
  const [facts, customer] = await Promise.all([
    sessionFacts(stripe, session.id),
    customerFacts(stripe, customerId),
  ]);
  let subscriptionTid: string | null = null;
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId)
    subscriptionTid = trackingIdIn((await stripe.retrieveSubscription(subscriptionId)).metadata);
  return {
    customerId,
    email: (facts.email ?? customer.email)?.toLowerCase() ?? null,
    trackingIds: unique([...facts.trackingIds, customer.trackingId, subscriptionTid]),
    promotionCodes: await codesFor(stripe, facts.promotionIds),
  };
}

export async function hintsForInvoice(stripe: SalesStripe, invoice: Stripe.Invoice): Promise<SaleHints> {
  const customerId = idOf(invoice.customer);
  const subscriptionId = invoiceSubscriptionId(invoice);
  const [full, customer, subscription, sessions] = await Promise.all([
    stripe.retrieveInvoice(invoice.id, { expand: ["discounts"] }),
    customerFacts(stripe, customerId),
    subscriptionId ? stripe.retrieveSubscription(subscriptionId) : null,
    subscriptionId ? stripe.listCheckoutSessions({ subscription: subscriptionId, limit: 3 }) : null,
  ]);
  const sessionHints = await Promise.all((sessions?.data ?? []).map((s) => sessionFacts(stripe, s.id)));
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
  const session = sessions?.data[0] ? await sessionFacts(stripe, sessions.data[0].id) : null;
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
  const sessionHints = await Promise.all(sessions.data.map((s) => sessionFacts(stripe, s.id)));
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
