import type Stripe from "stripe";

/**
 * Calls made on behalf of a connected account. Request options go THIRD, after params:
 * `customers.retrieve(id, { stripeAccount })` would send stripeAccount as a parameter and
 * silently read the platform account instead. Every helper here takes the account first so
 * that mistake cannot be written; the platform key is used, never a stored access token.
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
export function connectedStripe(stripe: Stripe, account: string) {
  const opts = (idempotencyKey?: string) => onAccount(account, { idempotencyKey });
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
): ConnectedStripe {
  const api = connectedStripe(stripe, account);
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
