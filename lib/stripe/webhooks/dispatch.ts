import { accountApplicationDeauthorized } from "./handlers/account-application-deauthorized";
import { chargeCaptured } from "./handlers/charge-captured";
import { chargeDispute } from "./handlers/charge-dispute";
import { chargeExpired } from "./handlers/charge-expired";
import { chargeRefunded } from "./handlers/charge-refunded";
import { chargeSucceeded } from "./handlers/charge-succeeded";
import {
  checkoutAsyncPaymentFailed,
  checkoutAsyncPaymentSucceeded,
} from "./handlers/checkout-session-async-payment";
import { checkoutSessionCompleted } from "./handlers/checkout-session-completed";
import { couponDeleted } from "./handlers/coupon-deleted";
import { creditNote } from "./handlers/credit-note";
import { customerEvent } from "./handlers/customer";
import { customerSubscription } from "./handlers/customer-subscription";
import { customerSubscriptionPaused } from "./handlers/customer-subscription-paused";
import { customerSubscriptionResumed } from "./handlers/customer-subscription-resumed";
import { customerSubscriptionTrialWillEnd } from "./handlers/customer-subscription-trial-will-end";
import { invoiceMarkedUncollectible } from "./handlers/invoice-marked-uncollectible";
import { invoicePaid } from "./handlers/invoice-paid";
import { invoicePaymentFailed } from "./handlers/invoice-payment-failed";
import { invoiceVoided } from "./handlers/invoice-voided";
import { promotionCodeUpdated } from "./handlers/promotion-code-updated";
import { refundEvent } from "./handlers/refund";
import type { EventHandler, StripeEventType } from "./types";

/**
 * Event type → handler. Adding an event is one file in ./handlers and one line here; types
 * without a line are recorded as ignored and answered 200 (Stripe must not retry them).
 */
const handlers: { [T in StripeEventType]?: EventHandler<T> } = {
  "account.application.deauthorized": accountApplicationDeauthorized,
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": checkoutAsyncPaymentFailed,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
  "invoice.voided": invoiceVoided,
  "invoice.marked_uncollectible": invoiceMarkedUncollectible,
  "charge.succeeded": chargeSucceeded,
  "charge.captured": chargeCaptured,
  "charge.expired": chargeExpired,
  "charge.refunded": chargeRefunded,
  "charge.refund.updated": refundEvent(),
  "refund.created": refundEvent(),
  "refund.updated": refundEvent(),
  "refund.failed": refundEvent(),
  "charge.dispute.created": chargeDispute(),
  "charge.dispute.updated": chargeDispute(),
  "charge.dispute.closed": chargeDispute(),
  "charge.dispute.funds_withdrawn": chargeDispute(),
  "charge.dispute.funds_reinstated": chargeDispute(),
  "credit_note.created": creditNote(),
  "credit_note.updated": creditNote(),
  "credit_note.voided": creditNote(),
  "customer.created": customerEvent(),
  "customer.updated": customerEvent(),
  "customer.subscription.created": customerSubscription(),
  "customer.subscription.updated": customerSubscription(),
  "customer.subscription.deleted": customerSubscription(),
  "customer.subscription.paused": customerSubscriptionPaused,
  "customer.subscription.resumed": customerSubscriptionResumed,
  "customer.subscription.trial_will_end": customerSubscriptionTrialWillEnd,
  "promotion_code.updated": promotionCodeUpdated,
  "coupon.deleted": couponDeleted,
};

export function handlerFor(type: string): EventHandler | undefined {
  return Object.hasOwn(handlers, type) ? (handlers[type as StripeEventType] as EventHandler) : undefined;
}

export function handledEventTypes(): string[] {
  return Object.keys(handlers).sort();
}
