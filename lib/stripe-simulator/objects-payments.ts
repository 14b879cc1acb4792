/** Money-movement objects, Checkout Sessions and events (shapes from /work/shared/stripe-fixtures). */
import type { Discount, Metadata } from "./objects";

export interface InvoicePayment {
  id: string;
  object: "invoice_payment";
  amount_paid: number;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: boolean;
  payment: { payment_intent: string; type: "payment_intent" };
  status: "paid";
  status_transitions: { canceled_at: null; paid_at: number };
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  latest_charge: string | null;
  livemode: boolean;
  metadata: Metadata;
  payment_method: string;
  receipt_email: string | null;
  status: "succeeded";
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

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string;
  billing_details: BillingDetails;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  livemode: boolean;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  receipt_email: string | null;
  refunded: boolean;
  status: "succeeded";
}

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: "succeeded";
}

export interface Dispute {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  is_charge_refundable: boolean;
  livemode: boolean;
  metadata: Metadata;
  payment_intent: string;
  reason: string;
  status: "needs_response" | "won" | "lost";
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
