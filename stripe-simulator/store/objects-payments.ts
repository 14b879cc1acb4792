/**
 * Money-movement objects, Checkout Sessions and events (shapes from /work/shared/stripe-fixtures).
 * Over 300 lines: the shapes of one family of Stripe objects, kept with their fixtures' field order.
 */
import type { Discount, Metadata } from "./objects";

export interface InvoicePayment {
  id: string;
  object: "invoice_payment";
  /** Null until the payment succeeds. */
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: boolean;
  payment: { payment_intent: string; type: "payment_intent" };
  status: "open" | "paid" | "canceled";
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_capture"
  | "processing"
  | "succeeded"
  | "canceled";

export interface PaymentError {
  code: string;
  decline_code: string | null;
  message: string;
  type: "card_error" | "invalid_request_error";
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: null;
  canceled_at: number | null;
  cancellation_reason: "automatic" | "requested_by_customer" | "abandoned" | null;
  capture_method: "automatic" | "automatic_async" | "manual";
  client_secret: string;
  confirmation_method: "automatic";
  created: number;
  currency: string;
  customer: string | null;
  customer_account: null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  livemode: boolean;
  managed_payments: { enabled: boolean };
  metadata: Metadata;
  next_action: null;
  on_behalf_of: null;
  payment_method: string;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: null;
  shipping: null;
  source: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: null;
  tax_id: null;
}

export interface Address {
  city: null;
  country: null;
  line1: null;
  line2: null;
  postal_code: null;
  state: null;
}

/** A card, or a bank debit (ACH) for payments that settle days later. */
export type PaymentMethodDetails =
  | { card: Record<string, unknown>; type: "card" }
  | { type: "us_bank_account"; us_bank_account: Record<string, unknown> };

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  /** Cumulative; includes pending refunds and an uncaptured remainder released by Stripe. */
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: string | null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: boolean;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: {
    advice_code: null;
    network_advice_code: null;
    network_decline_code: string | null;
    network_status: "approved_by_network" | "declined_by_network";
    reason: string | null;
    risk_level: "normal";
    seller_message: string;
    type: "authorized" | "issuer_declined";
  } | null;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: PaymentMethodDetails;
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: string;
  refunded: boolean;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: "succeeded" | "pending" | "failed";
  transfer_data: null;
  transfer_group: null;
}

export type RefundStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  customer: string | null;
  customer_account: null;
  destination_details: Record<string, unknown>;
  /** Present once the refund has failed or been canceled. */
  failure_balance_transaction?: string;
  failure_reason?: string;
  metadata: Metadata;
  payment_intent: string;
  payment_method: string;
  reason: string | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: RefundStatus;
  transfer_reversal: null;
}

export interface BalanceTransaction {
  id: string;
  object: "balance_transaction";
  amount: number;
  available_on: number;
  balance_type: "payments";
  created: number;
  currency: string;
  description: string;
  exchange_rate: null;
  fee: number;
  fee_details: { amount: number; application: null; currency: string; description: string; type: string }[];
  net: number;
  reporting_category: string;
  source: string;
  status: "available" | "pending";
  type: string;
}

export type DisputeStatus =
  | "warning_needs_response"
  | "warning_under_review"
  | "warning_closed"
  | "needs_response"
  | "under_review"
  | "won"
  | "lost";

export interface Dispute {
  id: string;
  object: "dispute";
  amount: number;
  /** The withdrawal and, for a won dispute, the reinstatement; empty for an inquiry. */
  balance_transactions: BalanceTransaction[];
  charge: string;
  created: number;
  currency: string;
  enhanced_eligibility_types: string[];
  evidence: Record<string, unknown>;
  evidence_details: {
    due_by: number;
    enhanced_eligibility: Record<string, never>;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
  };
  is_charge_refundable: boolean;
  livemode: boolean;
  metadata: Metadata;
  payment_intent: string;
  payment_method_details: {
    card: {
      brand: string;
      case_type: "chargeback" | "inquiry";
      network: string;
      network_reason_code: string;
    };
    type: "card";
  };
  reason: string;
  status: DisputeStatus;
}

export interface CustomerDetails {
  address: Address;
  business_name: null;
  email: string;
  individual_name: null;
  name: string | null;
  phone: null;
  tax_exempt: "none";
  tax_ids: null;
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  discounts: { coupon: string | null; promotion_code: string | null }[];
  invoice: string | null;
  livemode: boolean;
  metadata: Metadata;
  mode: "payment" | "subscription";
  payment_intent: string | null;
  payment_link: null;
  payment_status: "unpaid" | "paid" | "no_payment_required";
  status: "open" | "complete" | "expired";
  subscription: string | null;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  url: string | null;
}

/** What Checkout knows about a session beyond its public fields (line items, the discount). */
export interface CheckoutDetails {
  lines: CheckoutLine[];
  /** A promotion code or coupon passed as `discounts[]` at creation. */
  preset: { promotionCode: string | null; coupon: string | null } | null;
  allowPromotionCodes: boolean;
  discount: Discount | null;
  discountAmount: number;
  subscriptionMetadata: Metadata;
  customerCreation: "always" | "if_required";
  invoiceCreation: boolean;
  /** `subscription_data[trial_period_days]`. */
  trialDays: number | null;
  /** `payment_intent_data[capture_method]`: manual authorises now and captures later. */
  captureMethod: "automatic" | "manual";
  /** us_bank_account settles days after the session completes (payment_status "unpaid"). */
  paymentMethodType: "card" | "us_bank_account";
}

export interface CheckoutLine {
  name: string;
  product: string;
  unitAmount: number;
  quantity: number;
  recurring: { interval: "day" | "week" | "month" | "year"; interval_count: number } | null;
}

export interface StripeEvent {
  id: string;
  object: "event";
  account?: string;
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface ListObject<T = unknown> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}
