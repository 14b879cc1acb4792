/**
 * The ways a subscription stops: scheduled for the period end (still active, `cancel_at_period_end`),
 * ended when that period runs out, or canceled at once. Each returns the previous values, which
 * is what a `customer.subscription.updated` event carries as `previous_attributes`.
 */
import { invalidRequest } from "../http/errors";
import type { Subscription } from "../store/objects";

export interface CancellationInput {
  comment?: string | null;
  feedback?: string | null;
}

const FEEDBACK = [
  "customer_service",
  "low_quality",
  "missing_features",
  "other",
  "switched_service",
  "too_complex",
  "too_expensive",
  "unused",
];

function snapshot(subscription: Subscription): Record<string, unknown> {
  return {
    cancel_at: subscription.cancel_at,
    cancel_at_period_end: subscription.cancel_at_period_end,
    canceled_at: subscription.canceled_at,
    cancellation_details: { ...subscription.cancellation_details },
  };
}

function details(input: CancellationInput): Subscription["cancellation_details"] {
  const feedback = input.feedback ?? null;
  if (feedback !== null && !FEEDBACK.includes(feedback)) {
    throw invalidRequest(
      `Invalid cancellation_details[feedback]: ${feedback}`,
      "cancellation_details[feedback]",
    );
  }
  return { comment: input.comment ?? null, feedback, reason: "cancellation_requested" };
}

function periodEnd(subscription: Subscription): number {
  return subscription.items.data[0]?.current_period_end ?? subscription.created;
}

export function scheduleCancellation(subscription: Subscription, now: number, input: CancellationInput) {
  assertActive(subscription);
  const previous = snapshot(subscription);
  subscription.cancel_at_period_end = true;
  subscription.cancel_at = periodEnd(subscription);
  subscription.canceled_at = now;
  subscription.cancellation_details = details(input);
  return previous;
}

/** `cancel_at_period_end=false` on a scheduled cancellation: the subscription renews again. */
export function resumeRenewal(subscription: Subscription) {
  assertActive(subscription);
  const previous = snapshot(subscription);
  subscription.cancel_at_period_end = false;
  subscription.cancel_at = null;
  subscription.canceled_at = null;
  subscription.cancellation_details = { comment: null, feedback: null, reason: null };
  return previous;
}

export function cancelImmediately(subscription: Subscription, now: number, input: CancellationInput) {
  assertActive(subscription);
  const previous = { ...snapshot(subscription), status: subscription.status, ended_at: null };
  subscription.status = "canceled";
  subscription.canceled_at = now;
  subscription.ended_at = now;
  subscription.cancellation_details = details(input);
  return previous;
}

/** The moment a scheduled cancellation takes effect, at the end of the paid period. */
export function endAtPeriodEnd(subscription: Subscription) {
  if (!subscription.cancel_at_period_end || subscription.cancel_at === null) {
    throw new Error(`Subscription ${subscription.id} is not scheduled to cancel at period end`);
  }
  assertActive(subscription);
  subscription.status = "canceled";
  subscription.ended_at = subscription.cancel_at;
  return { status: "active", ended_at: null };
}

function assertActive(subscription: Subscription): void {
  if (subscription.status === "canceled") {
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata (${subscription.id}).`,
      "id",
    );
  }
}
