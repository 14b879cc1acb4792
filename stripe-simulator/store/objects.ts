/**
 * Shapes of the Stripe objects the simulator stores, as the API version pinned by stripe@23
 * (2026-10-28.endive) renders them — see /work/shared/stripe-fixtures. Stored objects hold ids
 * for references; expansion works on JSON copies, so these types never hold nested objects.
 */

export const API_VERSION = "2026-10-28.endive";

export type Metadata = Record<string, string>;
export type Interval = "day" | "week" | "month" | "year";

export interface Coupon {
  id: string;
  object: "coupon";
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: "once" | "repeating" | "forever";
  duration_in_months: number | null;
  livemode: boolean;
  max_redemptions: number | null;
  metadata: Metadata;
  name: string | null;
  percent_off: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
}

export interface PromotionCode {
  id: string;
  object: "promotion_code";
  active: boolean;
  code: string;
  created: number;
  customer: string | null;
  customer_account: string | null;
  expires_at: number | null;
  livemode: boolean;
  max_redemptions: number | null;
  metadata: Metadata;
  promotion: { coupon: string; type: "coupon" };
  restrictions: {
    first_time_transaction: boolean;
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
  };
  times_redeemed: number;
}

export interface Customer {
  id: string;
  object: "customer";
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: boolean;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none";
  test_clock: null;
}

export interface Discount {
  id: string;
  object: "discount";
  checkout_session: string | null;
  customer: string | null;
  customer_account: string | null;
  end: number | null;
  invoice: string | null;
  invoice_item: string | null;
  promotion_code: string | null;
  source: { coupon: string; type: "coupon" };
  start: number;
  subscription: string | null;
  subscription_item: string | null;
}

export interface Price {
  id: string;
  object: "price";
  active: boolean;
  currency: string;
  product: string;
  recurring: {
    interval: Interval;
    interval_count: number;
    meter: null;
    usage_type: "licensed";
    trial_period_days: null;
  } | null;
  type: "recurring" | "one_time";
  unit_amount: number;
}

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_end: number;
  current_period_start: number;
  discounts: string[];
  metadata: Metadata;
  price: Price;
  quantity: number;
  subscription: string;
}

export interface Subscription {
  id: string;
  object: "subscription";
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  discounts: string[];
  ended_at: number | null;
  items: { data: SubscriptionItem[]; has_more: false; object: "list"; url: string };
  latest_invoice: string | null;
  livemode: boolean;
  metadata: Metadata;
  pause_collection: {
    behavior: "keep_as_draft" | "mark_uncollectible" | "void";
    resumes_at: number | null;
  } | null;
  start_date: number;
  status: SubscriptionStatus;
  trial_end: number | null;
  trial_settings: { end_behavior: { missing_payment_method: "cancel" | "create_invoice" | "pause" } };
  trial_start: number | null;
}

export type SubscriptionStatus = "trialing" | "active" | "past_due" | "unpaid" | "paused" | "canceled";

export interface DiscountAmount {
  amount: number;
  discount: string;
}

export interface InvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  discount_amounts: DiscountAmount[];
  discountable: boolean;
  discounts: string[];
  invoice: string;
  livemode: boolean;
  metadata: Metadata;
  parent:
    | {
        invoice_item_details: null;
        subscription_item_details: {
          invoice_item: null;
          proration: boolean;
          proration_details: { credited_items: null };
          subscription: string;
          subscription_item: string;
        };
        type: "subscription_item_details";
      }
    | {
        invoice_item_details: {
          invoice_item: string;
          proration: false;
          proration_details: { credited_items: null };
          subscription: null;
        };
        subscription_item_details: null;
        type: "invoice_item_details";
      };
  period: { end: number; start: number };
  pricing: {
    price_details: { price: string; product: string };
    type: "price_details";
    unit_amount_decimal: string;
  };
  quantity: number;
  subtotal: number;
  taxes: [];
}

export interface Invoice {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  /** `manual` for a one-off invoice, such as Checkout's post-purchase invoice. */
  billing_reason: "subscription_create" | "subscription_cycle" | "manual";
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  discounts: string[];
  lines: { data: InvoiceLine[]; has_more: false; object: "list"; url: string };
  livemode: boolean;
  metadata: Metadata;
  next_payment_attempt: number | null;
  number: string;
  /** Null for a one-off invoice. */
  parent: {
    quote_details: null;
    subscription_details: { metadata: Metadata; subscription: string };
    type: "subscription_details";
  } | null;
  period_end: number;
  period_start: number;
  post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number;
  status: "open" | "paid" | "uncollectible" | "void";
  status_transitions: {
    finalized_at: number;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  subtotal: number;
  total: number;
  total_discount_amounts: DiscountAmount[];
}
