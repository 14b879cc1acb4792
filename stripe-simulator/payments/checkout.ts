/**
 * Checkout Sessions: an open session (created through the API or by a scenario) and its completion,
 * which does what Stripe's hosted page does when the customer pays — create the customer, apply a
 * promotion code, take the payment or start the subscription.
 * Over 300 lines: completion is one sequence (customer, discount, payment or subscription) as on Stripe's page.
 */
import { createCustomer, getCustomer } from "../billing/api-customers";
import { createPrice, startSubscription } from "../billing/billing";
import { storeInvoice, storeInvoicePayment } from "../billing/invoices";
import {
  createDiscount,
  discountAmount,
  type Redemption,
  redeemCoupon,
  redeemPromotionCode,
} from "../coupons/discounts";
import { invalidRequest } from "../http/errors";
import type { Customer, Discount, Invoice, InvoiceLine, Metadata, Subscription } from "../store/objects";
import type {
  Charge,
  CheckoutDetails,
  CheckoutLine,
  CheckoutSession,
  InvoicePayment,
  PaymentIntent,
} from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";
import { createPayment, EMPTY_ADDRESS } from "./payments";

export interface SessionInput {
  mode: "payment" | "subscription";
  lines: CheckoutLine[];
  currency: string;
  customer?: string | null;
  customerEmail?: string | null;
  clientReferenceId?: string | null;
  metadata?: Metadata;
  successUrl?: string | null;
  cancelUrl?: string | null;
  preset?: { promotionCode: string | null; coupon: string | null } | null;
  allowPromotionCodes?: boolean;
  subscriptionMetadata?: Metadata;
  customerCreation?: "always" | "if_required";
  /** Payment mode's `invoice_creation[enabled]`: a paid invoice follows the payment. */
  invoiceCreation?: boolean;
  trialDays?: number | null;
  captureMethod?: "automatic" | "manual";
  paymentMethodType?: "card" | "us_bank_account";
  created?: number;
}

function presetRedemption(account: SimAccount, preset: CheckoutDetails["preset"]): Redemption | null {
  if (!preset) return null;
  if (preset.promotionCode)
    return redeemPromotionCode(account, preset.promotionCode, "discounts[0][promotion_code]");
  if (preset.coupon)
    return { coupon: redeemCoupon(account, preset.coupon, "discounts[0][coupon]"), promotionCode: null };
  return null;
}

export function createSession(sim: SimContext, account: SimAccount, input: SessionInput): CheckoutSession {
  const subtotal = input.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  const preset = input.preset ?? null;
  const redemption = presetRedemption(account, preset);
  const off = redemption ? discountAmount(redemption.coupon, subtotal, input.currency) : 0;
  const id = sim.newId(account.livemode ? "cs_live" : "cs_test");
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    amount_subtotal: subtotal,
    amount_total: subtotal - off,
    cancel_url: input.cancelUrl ?? null,
    client_reference_id: input.clientReferenceId ?? null,
    created: input.created ?? sim.now(),
    currency: input.currency,
    customer: input.customer ?? null,
    customer_details: null,
    customer_email: input.customerEmail ?? null,
    discounts: preset ? [{ coupon: preset.coupon, promotion_code: preset.promotionCode }] : [],
    invoice: null,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    mode: input.mode,
    payment_intent: null,
    payment_link: null,
    payment_status: "unpaid",
    status: "open",
    subscription: null,
    success_url: input.successUrl ?? null,
    total_details: { amount_discount: off, amount_shipping: 0, amount_tax: 0 },
    url: `${sim.config.baseUrl}/c/pay/${id}`,
  };
  account.checkoutSessions.set(id, session);
  account.checkoutDetails.set(id, {
    lines: input.lines,
    preset,
    allowPromotionCodes: input.allowPromotionCodes ?? false,
    discount: null,
    discountAmount: off,
    subscriptionMetadata: input.subscriptionMetadata ?? {},
    customerCreation: input.customerCreation ?? "if_required",
    invoiceCreation: input.invoiceCreation ?? false,
    trialDays: input.trialDays ?? null,
    captureMethod: input.captureMethod ?? "automatic",
    paymentMethodType: input.paymentMethodType ?? "card",
  });
  return session;
}

export interface CompleteInput {
  email?: string | null;
  name?: string | null;
  /** A code the customer typed on the page (needs allow_promotion_codes). */
  promotionCode?: string | null;
  /** The card number paid with (kept for the customer's later invoices); by default the payer's own. */
  card?: string | null;
  created?: number;
}

export interface CompletedCheckout {
  session: CheckoutSession;
  customer: Customer | null;
  customerCreated: boolean;
  discount: Discount | null;
  paymentIntent: PaymentIntent | null;
  charge: Charge | null;
  subscription: Subscription | null;
  invoice: Invoice | null;
  invoicePayment: InvoicePayment | null;
}

export function completeSession(
  sim: SimContext,
  account: SimAccount,
  session: CheckoutSession,
  input: CompleteInput,
): CompletedCheckout {
  const details = account.checkoutDetails.get(session.id);
  if (!details || session.status !== "open")
    throw invalidRequest(`Checkout Session ${session.id} is not open.`);
  const created = input.created ?? sim.now();
  let customer = session.customer ? getCustomer(account, session.customer, "customer") : null;
  const email = input.email ?? session.customer_email ?? customer?.email ?? null;
  if (!email) throw invalidRequest("Checkout needs the customer's email address.", "email");
  const name = input.name ?? customer?.name ?? null;
  let redemption = presetRedemption(account, details.preset);
  if (!redemption && input.promotionCode) {
    if (!details.allowPromotionCodes) {
      throw invalidRequest(
        `Checkout Session ${session.id} does not accept promotion codes (allow_promotion_codes).`,
      );
    }
    redemption = redeemPromotionCode(account, input.promotionCode);
  }
  // A subscription, and a post-purchase invoice, need a customer ("if_required").
  const customerCreated =
    !customer &&
    (session.mode === "subscription" || details.customerCreation === "always" || details.invoiceCreation);
  if (customerCreated) customer = createCustomer(sim, account, { email, name, created });
  if (customer && input.card) account.customerCards.set(customer.id, input.card);
  const subtotal = details.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  const result: CompletedCheckout = {
    session,
    customer,
    customerCreated,
    discount: null,
    paymentIntent: null,
    charge: null,
    subscription: null,
    invoice: null,
    invoicePayment: null,
  };
  let total: number;
  if (session.mode === "payment") {
    result.discount =
      redemption &&
      createDiscount(sim, account, redemption, {
        start: created,
        customer: customer?.id ?? null,
        checkoutSession: session.id,
      });
    total = subtotal - (redemption ? discountAmount(redemption.coupon, subtotal, session.currency) : 0);
    const payment =
      total > 0
        ? createPayment(sim, account, {
            amount: total,
            currency: session.currency,
            customer: customer?.id ?? null,
            email,
            name,
            created,
            card: input.card ?? (customer ? account.customerCards.get(customer.id) : null) ?? null,
            flow:
              details.paymentMethodType === "us_bank_account"
                ? "bank_debit"
                : details.captureMethod === "manual"
                  ? "manual"
                  : "card",
          })
        : null;
    result.paymentIntent = payment?.paymentIntent ?? null;
    result.charge = payment?.charge ?? null;
    session.payment_intent = result.paymentIntent?.id ?? null;
    if (details.invoiceCreation && customer && result.paymentIntent) {
      Object.assign(
        result,
        issueCheckoutInvoice(sim, account, {
          customer,
          lines: details.lines,
          currency: session.currency,
          discount: result.discount,
          total,
          paymentIntent: result.paymentIntent,
          created,
        }),
      );
      session.invoice = result.invoice!.id;
    }
  } else {
    const line = details.lines[0];
    if (!line?.recurring || !customer)
      throw invalidRequest("A subscription session needs a recurring line item.");
    const price = createPrice(sim, account, {
      currency: session.currency,
      unitAmount: line.unitAmount,
      recurring: line.recurring,
      product: line.product,
      productName: line.name,
    });
    const started = startSubscription(sim, account, {
      customer,
      price,
      quantity: line.quantity,
      metadata: details.subscriptionMetadata,
      redemption,
      checkoutSession: session.id,
      created,
      trialDays: details.trialDays,
    });
    Object.assign(result, started);
    total = started.invoice.total;
    session.subscription = started.subscription.id;
    session.invoice = started.invoice.id;
  }
  details.discount = result.discount;
  details.discountAmount = subtotal - total;
  session.amount_subtotal = subtotal;
  session.amount_total = total;
  session.total_details = { amount_discount: subtotal - total, amount_shipping: 0, amount_tax: 0 };
  // Mirrors the fixtures: a code typed on the page is listed for subscriptions but not for
  // one-off payments, so handlers must expand total_details.breakdown to find it reliably.
  if (!details.preset && redemption?.promotionCode && session.mode === "subscription") {
    session.discounts = [{ coupon: null, promotion_code: redemption.promotionCode.id }];
  }
  session.customer = customer?.id ?? null;
  session.customer_details = {
    address: { ...EMPTY_ADDRESS },
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: "none",
    tax_ids: null,
  };
  // Funds not yet in the account — a bank debit still settling, or an authorisation not yet
  // captured — leave the completed session "unpaid".
  const settled = !result.charge || (result.charge.status === "succeeded" && result.charge.captured);
  session.payment_status = total === 0 ? "no_payment_required" : settled ? "paid" : "unpaid";
  session.status = "complete";
  session.url = null;
  return result;
}

/**
 * Checkout's post-purchase invoice (payment mode with `invoice_creation[enabled]`): issued for
 * the payment already taken and paid by its payment intent, with no subscription behind it.
 */
function issueCheckoutInvoice(
  sim: SimContext,
  account: SimAccount,
  input: {
    customer: Customer;
    lines: CheckoutLine[];
    currency: string;
    discount: Discount | null;
    total: number;
    paymentIntent: PaymentIntent;
    created: number;
  },
): { invoice: Invoice; invoicePayment: InvoicePayment } {
  const id = sim.newId("in");
  const { customer, created } = input;
  const subtotal = input.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  const lines: InvoiceLine[] = input.lines.map((line) => {
    const price = createPrice(sim, account, {
      currency: input.currency,
      unitAmount: line.unitAmount,
      recurring: null,
      product: line.product,
      productName: line.name,
    });
    return {
      id: sim.newId("il"),
      object: "line_item",
      amount: line.unitAmount * line.quantity,
      currency: input.currency,
      description: line.name,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: account.livemode,
      metadata: {},
      parent: {
        invoice_item_details: {
          invoice_item: sim.newId("ii"),
          proration: false,
          proration_details: { credited_items: null },
          subscription: null,
        },
        subscription_item_details: null,
        type: "invoice_item_details",
      },
      period: { end: created, start: created },
      pricing: {
        price_details: { price: price.id, product: price.product },
        type: "price_details",
        unit_amount_decimal: String(line.unitAmount),
      },
      quantity: line.quantity,
      subtotal: line.unitAmount * line.quantity,
      taxes: [],
    };
  });
  const invoice = storeInvoice(sim, account, {
    id,
    billingReason: "manual",
    created,
    currency: input.currency,
    customer,
    discounts: input.discount ? [input.discount.id] : [],
    lines,
    parent: null,
    periodStart: created,
    periodEnd: created,
    subtotal,
    total: input.total,
    amounts: input.discount ? [{ amount: subtotal - input.total, discount: input.discount.id }] : [],
  });
  const invoicePayment = storeInvoicePayment(sim, account, invoice, input.paymentIntent);
  return { invoice, invoicePayment };
}
