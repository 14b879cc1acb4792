import type Stripe from "stripe";

/**
 * Calls made on behalf of a merchant's Stripe account. Request options go THIRD, after params:
 * `customers.retrieve(id, { stripeAccount })` would send stripeAccount as a parameter and
 * silently read the platform account instead. Every helper here takes the account first so
 * that mistake cannot be written. An OAuth connection uses the platform key (never a stored
 * access token) plus `stripeAccount`; a connection by the merchant's own key uses that key and
 * no `stripeAccount` (`direct`). Build the view with `accountStripe(connection)` (./account).
 */

export function onAccount(
  stripeAccount: string,
  options: { idempotencyKey?: string } = {},
): Stripe.RequestOptions {
  if (!stripeAccount.startsWith("acct_")) throw new Error(`Not a Stripe account id: ${stripeAccount}`);
  return options.idempotencyKey
    ? { stripeAccount, idempotencyKey: options.idempotencyKey }
    : { stripeAccount };
}

export type ConnectedStripe = ReturnType<typeof connectedStripe>;

/** A narrow, account-bound view of the SDK; add methods here as domains need them. */
export function connectedStripe(stripe: Stripe, account: string, how: { direct?: boolean } = {}) {
  const opts = (idempotencyKey?: string): Stripe.RequestOptions =>
    how.direct ? (idempotencyKey ? { idempotencyKey } : {}) : onAccount(account, { idempotencyKey });
  return {
    account,
    retrieveCustomer: (id: string, params: Stripe.CustomerRetrieveParams = {}) =>
      stripe.customers.retrieve(id, params, opts()),
    retrieveSubscription: (id: string, params: Stripe.SubscriptionRetrieveParams = {}) =>
      stripe.subscriptions.retrieve(id, params, opts()),
    retrieveInvoice: (id: string, params: Stripe.InvoiceRetrieveParams = {}) =>
      stripe.invoices.retrieve(id, params, opts()),
    retrieveCharge: (id: string, params: Stripe.ChargeRetrieveParams = {}) =>
      stripe.charges.retrieve(id, params, opts()),
    retrieveCheckoutSession: (id: string, params: Stripe.Checkout.SessionRetrieveParams = {}) =>
      stripe.checkout.sessions.retrieve(id, params, opts()),
    listCheckoutSessions: (params: Stripe.Checkout.SessionListParams) =>
      stripe.checkout.sessions.list(params, opts()),
    listInvoicePayments: (params: Stripe.InvoicePaymentListParams) =>
      stripe.invoicePayments.list(params, opts()),
    listRefunds: (params: Stripe.RefundListParams) => stripe.refunds.list(params, opts()),
    retrievePromotionCode: (id: string, params: Stripe.PromotionCodeRetrieveParams = {}) =>
      stripe.promotionCodes.retrieve(id, params, opts()),
    listPromotionCodes: (params: Stripe.PromotionCodeListParams) =>
      stripe.promotionCodes.list(params, opts()),
    createPromotionCode: (params: Stripe.PromotionCodeCreateParams, idempotencyKey: string) =>
      stripe.promotionCodes.create(params, opts(idempotencyKey)),
    updatePromotionCode: (id: string, params: Stripe.PromotionCodeUpdateParams, idempotencyKey: string) =>
      stripe.promotionCodes.update(id, params, opts(idempotencyKey)),
    retrieveCoupon: (id: string, params: Stripe.CouponRetrieveParams = {}) =>
      stripe.coupons.retrieve(id, params, opts()),
    createCoupon: (params: Stripe.CouponCreateParams, idempotencyKey: string) =>
      stripe.coupons.create(params, opts(idempotencyKey)),
    listEvents: (params: Stripe.EventListParams) => stripe.events.list(params, opts()),
    retrieveWebhookEndpoint: (id: string) => stripe.webhookEndpoints.retrieve(id, {}, opts()),
    deleteWebhookEndpoint: (id: string) => stripe.webhookEndpoints.del(id, {}, opts()),
  };
}

/**
 * The same view with every call waiting for `pace()` first (a rate-limit budget for the account):
 * background work that makes many calls in a row stays under Stripe's limit.
 */
export function pacedConnectedStripe(
  stripe: Stripe,
  account: string,
  pace: () => Promise<unknown>,
  how: { direct?: boolean } = {},
): ConnectedStripe {
  const api = connectedStripe(stripe, account, how);
  const paced: Record<string, unknown> = { account };
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== "function") continue;
    const call = value as (...args: unknown[]) => Promise<unknown>;
    paced[name] = async (...args: unknown[]) => {
      await pace();
      return call(...args);
    };
  }
  return paced as ConnectedStripe;
}
