/**
 * Scenario helpers for sales: a one-off Checkout payment and a subscription started through
 * Checkout, each with the events Stripe sends for it. `completeCheckout` pays a session the app
 * (or a test) created through the API.
 */
import { getCustomer } from "../billing/api-customers";
import { type CompletedCheckout, completeSession, createSession } from "../payments/checkout";
import type { Interval, Metadata } from "../store/objects";
import type { CheckoutSession, StripeEvent } from "../store/objects-payments";
import { connectedAccount, type SimAccount, type SimContext } from "../store/state";
import { finish, type ScenarioOptions, type ScenarioResult } from "./scenario-kit";
import { buildEvent } from "./webhooks";

export interface SaleInput extends ScenarioOptions {
  email: string;
  /** Price before discounts, in minor units; a promotion code lowers what is paid. */
  amount: number;
  currency?: string;
  name?: string;
  clientReferenceId?: string;
  /** The code as the customer types it (any case), or a `promo_` id. */
  promotionCode?: string;
  /** Checkout Session metadata. */
  metadata?: Metadata;
  /** Pay as this existing customer instead of a new one (or a guest). */
  customer?: string;
  productName?: string;
  /**
   * The card number paid with, e.g. "4242424242424242": two payments with one card share its
   * `payment_method_details.card.fingerprint`, and a subscription's invoices charge it. By
   * default the payer pays with a card of their own.
   */
  card?: string;
}

export interface CheckoutPaymentInput extends SaleInput {
  /** Checkout's customer_creation=always; by default a one-off payment has no customer (guest). */
  createCustomer?: boolean;
  /** Checkout's invoice_creation[enabled]: a paid post-purchase invoice (and its customer). */
  invoiceCreation?: boolean;
  /** A bank debit (us_bank_account): the session completes unpaid; settle it with settleAsyncPayment. */
  async?: boolean;
  /** payment_intent_data[capture_method]=manual: authorised only; captureCharge or expireCharge later. */
  captureMethod?: "automatic" | "manual";
}

export interface SubscriptionStartedInput extends SaleInput {
  interval: Interval;
  intervalCount?: number;
  subscriptionMetadata?: Metadata;
  /** subscription_data[trial_period_days]: trialing, a $0 first invoice, no payment until trialEnded. */
  trialDays?: number;
}

export interface CompleteCheckoutInput extends ScenarioOptions {
  session: string;
  email?: string;
  name?: string;
  promotionCode?: string;
}

export type SaleResult = CompletedCheckout & ScenarioResult;

/** Events for a completed session, in the order Stripe usually sends them. */
export function saleEvents(sim: SimContext, account: SimAccount, done: CompletedCheckout): StripeEvent[] {
  const events: StripeEvent[] = [];
  const add = (type: string, object: object | null) => {
    if (object) events.push(buildEvent(sim, account, type, object, { created: done.session.created }));
  };
  if (done.customerCreated) add("customer.created", done.customer);
  add("customer.subscription.created", done.subscription);
  // A bank debit starts pending; an authorisation alone is already charge.succeeded (captured: false).
  add(done.charge?.status === "pending" ? "charge.pending" : "charge.succeeded", done.charge);
  // A subscription's first invoice is paid before its session completes; a post-purchase
  // invoice is issued after.
  if (done.subscription) add("invoice.paid", done.invoice);
  add("checkout.session.completed", done.session);
  if (!done.subscription) add("invoice.paid", done.invoice);
  return events;
}

function openSession(
  sim: SimContext,
  account: SimAccount,
  input: SaleInput,
  recurring: SubscriptionStartedInput | null,
) {
  if (input.customer) getCustomer(account, input.customer, "customer");
  return createSession(sim, account, {
    mode: recurring ? "subscription" : "payment",
    lines: [
      {
        name: input.productName ?? (recurring ? "Subscription" : "Purchase"),
        product: sim.newId("prod"),
        unitAmount: input.amount,
        quantity: 1,
        recurring: recurring && {
          interval: recurring.interval,
          interval_count: recurring.intervalCount ?? 1,
        },
      },
    ],
    currency: (input.currency ?? "usd").toLowerCase(),
    customer: input.customer ?? null,
    clientReferenceId: input.clientReferenceId ?? null,
    metadata: input.metadata ?? {},
    successUrl: "https://merchant.example/thanks",
    allowPromotionCodes: true,
    subscriptionMetadata: recurring?.subscriptionMetadata ?? {},
    customerCreation: "createCustomer" in input && input.createCustomer ? "always" : "if_required",
    invoiceCreation: "invoiceCreation" in input && !!input.invoiceCreation,
    trialDays: recurring?.trialDays ?? null,
    captureMethod: "captureMethod" in input && input.captureMethod === "manual" ? "manual" : "automatic",
    paymentMethodType: "async" in input && input.async ? "us_bank_account" : "card",
  });
}

async function pay(
  sim: SimContext,
  account: SimAccount,
  session: CheckoutSession,
  input: SaleInput | CompleteCheckoutInput,
) {
  const done = completeSession(sim, account, session, {
    email: input.email ?? null,
    name: input.name ?? null,
    promotionCode: input.promotionCode ?? null,
    card: "card" in input ? (input.card ?? null) : null,
  });
  return { ...done, ...(await finish(sim, saleEvents(sim, account, done), input.deliver)) };
}

export function createSalesHelpers(sim: SimContext) {
  return {
    /**
     * A one-off payment: charge.succeeded, checkout.session.completed (customer.created if a
     * customer is made). `async`: charge.pending first and payment_status "unpaid"; `captureMethod:
     * "manual"`: charge.succeeded with captured false and payment_status "unpaid".
     */
    async checkoutPayment(input: CheckoutPaymentInput): Promise<SaleResult> {
      const account = connectedAccount(sim, input.account);
      return pay(sim, account, openSession(sim, account, input, null), input);
    },
    /**
     * customer.created, customer.subscription.created, charge.succeeded, invoice.paid
     * (subscription_create), checkout.session.completed. With `trialDays` there is no charge: the
     * invoice is $0 and the session's payment_status is "no_payment_required".
     */
    async subscriptionStarted(input: SubscriptionStartedInput): Promise<SaleResult> {
      const account = connectedAccount(sim, input.account);
      return pay(sim, account, openSession(sim, account, input, input), input);
    },
    /** Pays an open session created through the API, as the customer would on Stripe's page. */
    async completeCheckout(input: CompleteCheckoutInput): Promise<SaleResult> {
      const account = connectedAccount(sim, input.account);
      const session = account.checkoutSessions.get(input.session);
      if (!session) throw new Error(`Stripe simulator: no Checkout Session ${input.session}`);
      return pay(sim, account, session, input);
    },
  };
}
