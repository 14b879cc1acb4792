import type Stripe from "stripe";

/**
 * The Stripe reads that webhook processing needs, on the merchant's connected account.
 * lib/stripe/connected.ts implements it with the SDK; tests use the same against the simulator.
 */
export interface SalesStripe {
  retrieveCustomer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer>;
  retrieveSubscription(id: string, params?: Stripe.SubscriptionRetrieveParams): Promise<Stripe.Subscription>;
  retrieveInvoice(id: string, params?: Stripe.InvoiceRetrieveParams): Promise<Stripe.Invoice>;
  retrieveCharge(id: string, params?: Stripe.ChargeRetrieveParams): Promise<Stripe.Charge>;
  retrieveCheckoutSession(
    id: string,
    params?: Stripe.Checkout.SessionRetrieveParams,
  ): Promise<Stripe.Checkout.Session>;
  retrievePromotionCode(id: string): Promise<Stripe.PromotionCode>;
  listCheckoutSessions(
    params: Stripe.Checkout.SessionListParams,
  ): Promise<Stripe.ApiList<Stripe.Checkout.Session>>;
  listRefunds(params: Stripe.RefundListParams): Promise<Stripe.ApiList<Stripe.Refund>>;
  listInvoicePayments(
    params: Stripe.InvoicePaymentListParams,
  ): Promise<Stripe.ApiList<Stripe.InvoicePayment>>;
}
