/**
 * Subscription invoices (collection_method charge_automatically): paid at once, $0 during a
 * trial (no payment at all), or left open when the card is declined until `payInvoice`. A charge
 * is reachable only through an invoice payment, as in the pinned API version, where invoices and
 * charges no longer point at each other.
 */
import { discountAmount, discountApplies } from "../coupons/discounts";
import { createPayment, formatMoney, retryPayment } from "../payments/payments";
import type { Customer, DiscountAmount, Invoice, InvoiceLine, Subscription } from "../store/objects";
import type { Charge, InvoicePayment, PaymentIntent } from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";

export interface PaidInvoice {
  invoice: Invoice;
  invoicePayment: InvoicePayment | null;
  paymentIntent: PaymentIntent | null;
  charge: Charge | null;
}

export function firstItem(subscription: Subscription) {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`Subscription ${subscription.id} has no items`);
  return item;
}

export function issueInvoice(
  sim: SimContext,
  account: SimAccount,
  subscription: Subscription,
  billingReason: Invoice["billing_reason"],
  created: number,
  periodStart: number,
  periodEnd: number,
  opts: { trial?: boolean; fail?: boolean } = {},
): PaidInvoice {
  const customer = account.customers.get(subscription.customer);
  if (!customer) throw new Error(`Customer ${subscription.customer} is missing`);
  const item = firstItem(subscription);
  const { price } = item;
  // A trial's first invoice bills the trial itself, at nothing.
  const subtotal = opts.trial ? 0 : price.unit_amount * item.quantity;
  const first = billingReason === "subscription_create";
  const discount = subscription.discounts[0] ? account.discounts.get(subscription.discounts[0]) : undefined;
  const applied =
    discount && discountApplies(account, discount, item.current_period_start, first) ? discount : null;
  if (discount && !applied) subscription.discounts = []; // an ended discount leaves the subscription
  const coupon =
    applied &&
    (account.coupons.get(applied.source.coupon) ?? account.deletedCoupons.get(applied.source.coupon));
  const off = coupon && subtotal > 0 ? discountAmount(coupon, subtotal, price.currency) : 0;
  const amounts = applied ? [{ amount: off, discount: applied.id }] : [];
  const total = subtotal - off;
  const id = sim.newId("in");
  const interval = price.recurring ? ` / ${price.recurring.interval}` : "";
  const productName = account.products.get(price.product) ?? "Subscription";
  const line: InvoiceLine = {
    id: sim.newId("il"),
    object: "line_item",
    amount: subtotal,
    currency: price.currency,
    description: opts.trial
      ? `Trial period for ${productName}`
      : `${item.quantity} × ${productName} (at ${formatMoney(price.unit_amount, price.currency)}${interval})`,
    discount_amounts: amounts,
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: account.livemode,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: subscription.id,
        subscription_item: item.id,
      },
      type: "subscription_item_details",
    },
    period: { end: item.current_period_end, start: item.current_period_start },
    pricing: {
      price_details: { price: price.id, product: price.product },
      type: "price_details",
      unit_amount_decimal: String(price.unit_amount),
    },
    quantity: item.quantity,
    subtotal,
    taxes: [],
  };
  const payment =
    total > 0
      ? createPayment(sim, account, {
          amount: total,
          currency: price.currency,
          customer: customer.id,
          email: customer.email,
          name: customer.name,
          description: first ? "Subscription creation" : "Subscription update",
          created,
          card: account.customerCards.get(customer.id) ?? null,
          flow: opts.fail ? "declined" : "card",
        })
      : null;
  const invoice = storeInvoice(sim, account, {
    paid: !opts.fail || total === 0,
    id,
    billingReason,
    created,
    currency: price.currency,
    customer,
    discounts: applied ? [applied.id] : [],
    lines: [line],
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
      type: "subscription_details",
    },
    periodStart,
    periodEnd,
    subtotal,
    total,
    amounts,
  });
  subscription.latest_invoice = id;
  const invoicePayment = payment && storeInvoicePayment(sim, account, invoice, payment.paymentIntent);
  return {
    invoice,
    invoicePayment,
    paymentIntent: payment?.paymentIntent ?? null,
    charge: payment?.charge ?? null,
  };
}

/** An invoice as Stripe shows it once finalized, numbered in the customer's sequence and stored. */
export function storeInvoice(
  _sim: SimContext,
  account: SimAccount,
  input: {
    /** false: the automatic payment attempt failed and the invoice stays open. */
    paid?: boolean;
    id: string;
    billingReason: Invoice["billing_reason"];
    created: number;
    currency: string;
    customer: Customer;
    discounts: string[];
    lines: InvoiceLine[];
    parent: Invoice["parent"];
    periodStart: number;
    periodEnd: number;
    subtotal: number;
    total: number;
    amounts: DiscountAmount[];
  },
): Invoice {
  const { id, created, customer } = input;
  const paid = input.paid ?? true;
  const number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, "0")}`;
  customer.next_invoice_sequence += 1;
  const invoice: Invoice = {
    id,
    object: "invoice",
    amount_due: input.total,
    amount_paid: paid ? input.total : 0,
    amount_remaining: paid ? 0 : input.total,
    attempt_count: input.total > 0 ? 1 : 0,
    attempted: input.total > 0,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created,
    currency: input.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    discounts: input.discounts,
    lines: { data: input.lines, has_more: false, object: "list", url: `/v1/invoices/${id}/lines` },
    livemode: account.livemode,
    metadata: {},
    next_payment_attempt: paid ? null : created + 3 * 86_400,
    number,
    parent: input.parent,
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    status: paid ? "paid" : "open",
    status_transitions: {
      finalized_at: created,
      marked_uncollectible_at: null,
      paid_at: paid ? created : null,
      voided_at: null,
    },
    subtotal: input.subtotal,
    total: input.total,
    total_discount_amounts: input.amounts,
  };
  account.invoices.set(id, invoice);
  return invoice;
}

/** The invoice payment that links an invoice to the payment intent that pays it (open until paid). */
export function storeInvoicePayment(
  sim: SimContext,
  account: SimAccount,
  invoice: Invoice,
  paymentIntent: PaymentIntent,
): InvoicePayment {
  const paid = invoice.status === "paid";
  const invoicePayment: InvoicePayment = {
    id: sim.newId("inpay"),
    object: "invoice_payment",
    amount_paid: paid ? invoice.amount_paid : null,
    amount_requested: invoice.amount_due,
    created: invoice.created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: account.livemode,
    payment: { payment_intent: paymentIntent.id, type: "payment_intent" },
    status: paid ? "paid" : "open",
    status_transitions: { canceled_at: null, paid_at: paid ? invoice.created : null },
  };
  account.invoicePayments.set(invoicePayment.id, invoicePayment);
  return invoicePayment;
}

/** The charge that paid (or last tried to pay) an invoice: they meet only through invoice payments. */
export function chargeOfInvoice(account: SimAccount, invoiceId: string): Charge | undefined {
  for (const payment of account.invoicePayments.values()) {
    if (payment.invoice !== invoiceId) continue;
    const intent = account.paymentIntents.get(payment.payment.payment_intent);
    if (intent?.latest_charge) return account.charges.get(intent.latest_charge);
  }
  return undefined;
}

/** Pays an open invoice with a new attempt on its payment intent (the customer fixed their card). */
export function payOpenInvoice(
  sim: SimContext,
  account: SimAccount,
  invoice: Invoice,
  created: number,
): PaidInvoice & { previous: Record<string, unknown> } {
  if (invoice.status !== "open")
    throw new Error(`Stripe simulator: invoice ${invoice.id} is ${invoice.status}`);
  const invoicePayment = [...account.invoicePayments.values()].find((p) => p.invoice === invoice.id) ?? null;
  const paymentIntent = invoicePayment && account.paymentIntents.get(invoicePayment.payment.payment_intent);
  if (!invoicePayment || !paymentIntent)
    throw new Error(`Stripe simulator: invoice ${invoice.id} has no payment`);
  const previous = {
    amount_paid: invoice.amount_paid,
    amount_remaining: invoice.amount_remaining,
    status: invoice.status,
    status_transitions: { ...invoice.status_transitions },
  };
  const charge = retryPayment(sim, account, paymentIntent, created);
  invoice.attempt_count += 1;
  Object.assign(invoice, {
    amount_paid: invoice.amount_remaining,
    amount_remaining: 0,
    next_payment_attempt: null,
    status: "paid",
  });
  invoice.status_transitions.paid_at = created;
  Object.assign(invoicePayment, { amount_paid: invoice.amount_paid, status: "paid" });
  invoicePayment.status_transitions.paid_at = created;
  return { invoice, invoicePayment, paymentIntent, charge, previous };
}
