/** Credit notes as the pinned API version renders them (refunds[] replaced the single `refund`). */
import type { Metadata } from "./objects";

export interface CreditNoteLine {
  id: string;
  object: "credit_note_line_item";
  amount: number;
  description: string;
  discount_amount: number;
  discount_amounts: [];
  invoice_line_item?: string;
  livemode: boolean;
  metadata: Metadata | null;
  pretax_credit_amounts: [];
  quantity: number;
  tax_rates: [];
  taxes: [];
  type: "custom_line_item" | "invoice_line_item";
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

export interface CreditNoteRefund {
  amount_refunded: number;
  payment_record_refund: null;
  refund: string;
  type: "refund";
}

export type CreditNoteReason = "duplicate" | "fraudulent" | "order_change" | "product_unsatisfactory";

export interface CreditNote {
  id: string;
  object: "credit_note";
  amount: number;
  amount_shipping: number;
  created: number;
  currency: string;
  customer: string;
  customer_account: null;
  /** Set when part of the credit went to the customer's balance (`credit_amount`). */
  customer_balance_transaction: string | null;
  discount_amount: number;
  discount_amounts: [];
  effective_at: number | null;
  invoice: string;
  lines: { data: CreditNoteLine[]; has_more: false; object: "list"; url: string };
  livemode: boolean;
  memo: string | null;
  metadata: Metadata;
  number: string;
  /** What was (or will be) credited outside of Stripe; null when none. */
  out_of_band_amount: number | null;
  pdf: string;
  /** The part credited after payment: refunds + customer balance + out of band. */
  post_payment_amount: number;
  /** The part that lowered what was still due on an unpaid invoice. */
  pre_payment_amount: number;
  pretax_credit_amounts: [];
  reason: CreditNoteReason | null;
  refunds: CreditNoteRefund[];
  shipping_cost: null;
  status: "issued" | "void";
  subtotal: number;
  subtotal_excluding_tax: number;
  total: number;
  total_excluding_tax: number;
  total_taxes: [];
  type: "pre_payment" | "post_payment" | "mixed";
  voided_at: number | null;
}
