/**
 * Money movement shared by the API and the scenario helpers: a PaymentIntent with its Charge —
 * paid at once, authorised for a later capture, still settling (a bank debit), or declined — and
 * what happens to it next: capture, expiry, settlement. Refunds and disputes have their own files.
 * Over 300 lines: each payment outcome and what may follow it share the intent/charge pair.
 */
import { createHash } from "node:crypto";
import { invalidRequest } from "../http/errors";
import type { Metadata } from "../store/objects";
import type {
  Address,
  Charge,
  PaymentError,
  PaymentIntent,
  PaymentMethodDetails,
} from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";

export const EMPTY_ADDRESS: Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

const DAY = 86_400;

/** card: succeeds now; manual: authorised, captured later; bank_debit: pending for days; declined: fails. */
export type PaymentFlow = "card" | "manual" | "bank_debit" | "declined";

export interface PaymentInput {
  amount: number;
  currency: string;
  customer: string | null;
  email: string | null;
  name: string | null;
  description?: string | null;
  metadata?: Metadata;
  created?: number;
  flow?: PaymentFlow;
  /**
   * The card number paid with (a test card such as "4242424242424242"). Without one, the payer
   * pays with a card of their own: one per email address, the same on each of their payments.
   */
  card?: string | null;
}

const DECLINED: PaymentError = {
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
  type: "card_error",
};

const INSUFFICIENT_FUNDS: PaymentError = {
  code: "insufficient_funds",
  decline_code: null,
  message: "The customer's account has insufficient funds to cover this payment.",
  type: "invalid_request_error",
};

/**
 * Like Stripe's, a fingerprint names a card number within an account: the same card gives the
 * same fingerprint on every charge, whoever pays with it; another card, another fingerprint.
 */
export function cardFingerprint(accountId: string, card: string): string {
  const digest = createHash("sha256").update(`${accountId}:${card}`).digest("base64");
  return digest.replace(/[^A-Za-z0-9]/g, "").slice(0, 16);
}

function cardBrand(number: string): string {
  if (number.startsWith("4")) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (number.startsWith("6")) return "discover";
  return "visa";
}

function methodDetails(
  sim: SimContext,
  account: SimAccount,
  input: PaymentInput,
  flow: PaymentFlow,
  created: number,
): PaymentMethodDetails {
  if (flow === "bank_debit") {
    return {
      type: "us_bank_account",
      us_bank_account: {
        account_holder_type: "individual",
        account_type: "checking",
        bank_name: "STRIPE TEST BANK",
        fingerprint: sim.newId("fp"),
        last4: "6789",
        mandate: sim.newId("mandate"),
        payment_reference: null,
        routing_number: "110000000",
      },
    };
  }
  const number = input.card?.replace(/\D/g, "") || null;
  const brand = number ? cardBrand(number) : "visa";
  return {
    type: "card",
    card: {
      amount_authorized: null,
      authorization_code: null,
      brand,
      // Only an uncaptured authorisation carries its deadline.
      ...(flow === "manual" ? { capture_before: created + 7 * DAY } : {}),
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      exp_month: 12,
      exp_year: 2034,
      extended_authorization: { status: "disabled" },
      fingerprint: cardFingerprint(
        account.id,
        number ?? `own card of ${input.email ?? input.customer ?? input.name ?? "guest"}`,
      ),
      funding: "credit",
      incremental_authorization: { status: "unavailable" },
      installments: null,
      last4: flow === "declined" ? "0002" : (number?.slice(-4) ?? "4242"),
      mandate: null,
      multicapture: { status: "unavailable" },
      network: brand,
      network_token: { used: false },
      network_transaction_id: null,
      overcapture: { maximum_amount_capturable: 0, status: "unavailable" },
      regulated_status: "unregulated",
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
  };
}

export function newCharge(
  sim: SimContext,
  account: SimAccount,
  input: PaymentInput,
  paymentIntent: string,
  paymentMethod: string,
): Charge {
  const created = input.created ?? sim.now();
  const flow = input.flow ?? "card";
  const declined = flow === "declined";
  const id = sim.newId("ch");
  return {
    id,
    object: "charge",
    amount: input.amount,
    amount_captured: flow === "manual" || declined ? 0 : input.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: flow === "manual" || declined ? null : sim.newId("txn"),
    billing_details: {
      address: { ...EMPTY_ADDRESS },
      email: input.email,
      name: input.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: (account.businessName ?? "MERCHANT").toUpperCase().slice(0, 22),
    captured: flow !== "manual" && !declined,
    created,
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: declined ? DECLINED.code : null,
    failure_message: declined ? DECLINED.message : null,
    fraud_details: {},
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    on_behalf_of: null,
    outcome:
      flow === "bank_debit"
        ? null
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: declined ? "05" : null,
            network_status: declined ? "declined_by_network" : "approved_by_network",
            reason: declined ? "generic_decline" : null,
            risk_level: "normal",
            seller_message: declined
              ? "The bank did not return any further details with this decline."
              : "Payment complete.",
            type: declined ? "issuer_declined" : "authorized",
          },
    paid: flow === "card" || flow === "manual",
    payment_intent: paymentIntent,
    payment_method: paymentMethod,
    payment_method_details: methodDetails(sim, account, input, flow, created),
    receipt_email: input.email,
    receipt_number: null,
    receipt_url: `${sim.config.baseUrl}/receipts/payment/${id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: flow === "bank_debit" ? "pending" : declined ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
}

export function createPayment(
  sim: SimContext,
  account: SimAccount,
  input: PaymentInput,
): { paymentIntent: PaymentIntent; charge: Charge } {
  const created = input.created ?? sim.now();
  const flow = input.flow ?? "card";
  const paymentIntentId = sim.newId("pi");
  const paymentMethod = sim.newId("pm");
  const charge = newCharge(sim, account, { ...input, created }, paymentIntentId, paymentMethod);
  const status = {
    card: "succeeded",
    manual: "requires_capture",
    bank_debit: "processing",
    declined: "requires_payment_method",
  } as const;
  const paymentIntent: PaymentIntent = {
    id: paymentIntentId,
    object: "payment_intent",
    amount: input.amount,
    amount_capturable: flow === "manual" ? input.amount : 0,
    amount_details: { tip: {} },
    amount_received: flow === "card" ? input.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: flow === "manual" ? "manual" : "automatic_async",
    client_secret: `${paymentIntentId}_secret_${sim.newId("s")}`,
    confirmation_method: "automatic",
    created,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: flow === "declined" ? { ...DECLINED } : null,
    latest_charge: charge.id,
    livemode: account.livemode,
    managed_payments: { enabled: false },
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: [flow === "bank_debit" ? "us_bank_account" : "card"],
    processing: null,
    receipt_email: input.email,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: status[flow],
    transfer_data: null,
    transfer_group: null,
  };
  account.paymentIntents.set(paymentIntent.id, paymentIntent);
  account.charges.set(charge.id, charge);
  return { paymentIntent, charge };
}

/** A new attempt on a payment intent whose last charge failed (an invoice paid later). */
export function retryPayment(
  sim: SimContext,
  account: SimAccount,
  paymentIntent: PaymentIntent,
  created: number,
): Charge {
  if (paymentIntent.status !== "requires_payment_method") {
    throw invalidRequest(`PaymentIntent ${paymentIntent.id} is ${paymentIntent.status}.`, "payment_intent");
  }
  const last = paymentIntent.latest_charge ? account.charges.get(paymentIntent.latest_charge) : undefined;
  const charge = newCharge(
    sim,
    account,
    {
      amount: paymentIntent.amount,
      currency: paymentIntent.currency,
      customer: paymentIntent.customer,
      email: last?.billing_details.email ?? paymentIntent.receipt_email,
      name: last?.billing_details.name ?? null,
      description: paymentIntent.description,
      created,
    },
    paymentIntent.id,
    sim.newId("pm"),
  );
  account.charges.set(charge.id, charge);
  Object.assign(paymentIntent, {
    status: "succeeded",
    amount_received: paymentIntent.amount,
    last_payment_error: null,
    latest_charge: charge.id,
    payment_method: charge.payment_method,
  });
  return charge;
}

/** A bank debit settles: the pending charge succeeds or fails. */
export function settleCharge(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  outcome: "succeeded" | "failed",
): { previous: Record<string, unknown> } {
  if (charge.status !== "pending") throw invalidRequest(`Charge ${charge.id} is not pending.`, "charge");
  const intent = account.paymentIntents.get(charge.payment_intent);
  const previous = { status: charge.status, paid: charge.paid };
  if (outcome === "succeeded") {
    Object.assign(charge, { status: "succeeded", paid: true });
    if (intent) Object.assign(intent, { status: "succeeded", amount_received: charge.amount });
  } else {
    Object.assign(charge, {
      status: "failed",
      failure_balance_transaction: sim.newId("txn"),
      failure_code: INSUFFICIENT_FUNDS.code,
      failure_message: INSUFFICIENT_FUNDS.message,
    });
    if (intent)
      Object.assign(intent, {
        status: "requires_payment_method",
        last_payment_error: { ...INSUFFICIENT_FUNDS },
      });
  }
  return { previous };
}

export function assertUncaptured(account: SimAccount, charge: Charge): PaymentIntent {
  const intent = account.paymentIntents.get(charge.payment_intent);
  if (charge.captured || !intent || intent.status !== "requires_capture") {
    throw invalidRequest(
      `This PaymentIntent could not be captured because it has a status of ${intent?.status ?? "unknown"}. Only a PaymentIntent with the following status may be captured: requires_capture.`,
      "payment_intent",
      "payment_intent_unexpected_state",
    );
  }
  return intent;
}

export function formatMoney(amount: number, currency: string): string {
  const major = (amount / 100).toFixed(2);
  return currency === "usd" ? `$${major}` : `${major} ${currency.toUpperCase()}`;
}
