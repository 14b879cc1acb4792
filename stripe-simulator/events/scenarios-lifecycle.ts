/**
 * Scenario helpers for a subscription after it starts: trials ending, renewals (paid or
 * declined), paying an open invoice, pausing, resuming, cancellations. Renewals and period ends
 * happen at the subscription's own (future) period boundaries, so the objects and event `created`
 * times follow the simulated timeline rather than the wall clock.
 */
import { getSubscription } from "../billing/api-subscriptions";
import {
  markActive,
  markPastDue,
  pauseAtTrialEnd,
  pauseCollection,
  renewSubscription,
  resumeCollection,
  resumePaused,
} from "../billing/billing";
import { cancelImmediately, endAtPeriodEnd, scheduleCancellation } from "../billing/cancellation";
import { type PaidInvoice, payOpenInvoice } from "../billing/invoices";
import type { Subscription } from "../store/objects";
import type { StripeEvent } from "../store/objects-payments";
import { connectedAccount, type SimAccount, type SimContext } from "../store/state";
import { finish, type ScenarioOptions, type ScenarioResult } from "./scenario-kit";
import { buildEvent } from "./webhooks";

const DAY = 86_400;

export interface SubscriptionTarget extends ScenarioOptions {
  subscription: string;
}

export interface CancelInput extends SubscriptionTarget {
  /** true: customer.subscription.updated with cancel_at_period_end; false (default): deleted now. */
  atPeriodEnd?: boolean;
  feedback?: string;
  comment?: string;
}

export interface RenewInput extends SubscriptionTarget {
  /** The card is declined: the invoice stays open and the subscription goes past_due. */
  fail?: boolean;
}

export interface PauseInput extends SubscriptionTarget {
  /** Pause collection only (pause_collection; status stays active) with this behaviour. */
  collection?: "keep_as_draft" | "mark_uncollectible" | "void";
  resumesAt?: number;
}

export type BilledResult = ScenarioResult & PaidInvoice & { subscription: Subscription };

function subscriptionOf(sim: SimContext, target: SubscriptionTarget) {
  const account = connectedAccount(sim, target.account);
  return { account, subscription: getSubscription(account, target.subscription) };
}

/** Events for a billed period, in Stripe's order; a declined card ends with the subscription past_due. */
function billingEvents(
  sim: SimContext,
  account: SimAccount,
  subscription: Subscription,
  paid: PaidInvoice & { previous: Record<string, unknown> },
): StripeEvent[] {
  const created = paid.invoice.created;
  const event = (type: string, object: object, previous?: Record<string, unknown>) =>
    buildEvent(sim, account, type, object, { created, previous });
  const events = [event("customer.subscription.updated", subscription, paid.previous)];
  if (paid.invoice.status === "paid") {
    if (paid.charge) events.push(event("charge.succeeded", paid.charge));
    events.push(event("invoice.paid", paid.invoice));
    return events;
  }
  if (paid.charge) events.push(event("charge.failed", paid.charge));
  events.push(event("invoice.payment_failed", paid.invoice));
  const pastDue = markPastDue(subscription);
  if (pastDue) events.push(event("customer.subscription.updated", subscription, pastDue));
  return events;
}

export function createLifecycleHelpers(sim: SimContext) {
  return {
    /**
     * The next billing cycle: customer.subscription.updated, charge.succeeded, invoice.paid
     * (subscription_cycle); with `fail`: customer.subscription.updated, charge.failed,
     * invoice.payment_failed, customer.subscription.updated (past_due).
     */
    async subscriptionRenewed(input: RenewInput): Promise<BilledResult> {
      const { account, subscription } = subscriptionOf(sim, input);
      const paid = renewSubscription(sim, account, subscription, { fail: input.fail });
      const events = billingEvents(sim, account, subscription, paid);
      return { subscription, ...paid, ...(await finish(sim, events, input.deliver)) };
    },

    /** Three days before a trial ends: customer.subscription.trial_will_end. */
    async trialWillEnd(input: SubscriptionTarget): Promise<ScenarioResult & { subscription: Subscription }> {
      const { account, subscription } = subscriptionOf(sim, input);
      if (subscription.status !== "trialing" || subscription.trial_end === null)
        throw new Error(`Stripe simulator: subscription ${subscription.id} is not trialing`);
      const created = subscription.trial_end - 3 * DAY;
      const events = [
        buildEvent(sim, account, "customer.subscription.trial_will_end", subscription, { created }),
      ];
      return { subscription, ...(await finish(sim, events, input.deliver)) };
    },

    /** The trial ends: trialing → active and the first paid cycle, like subscriptionRenewed (also with `fail`). */
    async trialEnded(input: RenewInput): Promise<BilledResult> {
      const { account, subscription } = subscriptionOf(sim, input);
      const paid = renewSubscription(sim, account, subscription, { fail: input.fail, trialEnd: true });
      const events = billingEvents(sim, account, subscription, paid);
      return { subscription, ...paid, ...(await finish(sim, events, input.deliver)) };
    },

    /** Pays an open invoice: charge.succeeded, invoice.paid, customer.subscription.updated (past_due → active). */
    async payInvoice(
      input: ScenarioOptions & { invoice: string },
    ): Promise<ScenarioResult & PaidInvoice & { subscription: Subscription | null }> {
      const account = connectedAccount(sim, input.account);
      const invoice = account.invoices.get(input.invoice);
      if (!invoice) throw new Error(`Stripe simulator: no invoice ${input.invoice}`);
      const created = Math.max(sim.now(), invoice.created);
      const paid = payOpenInvoice(sim, account, invoice, created);
      const subscriptionId = invoice.parent?.subscription_details.subscription;
      const subscription = subscriptionId ? (account.subscriptions.get(subscriptionId) ?? null) : null;
      const events = [
        ...(paid.charge ? [buildEvent(sim, account, "charge.succeeded", paid.charge, { created })] : []),
        buildEvent(sim, account, "invoice.paid", invoice, { created, previous: paid.previous }),
      ];
      const active = subscription && markActive(subscription);
      if (active)
        events.push(
          buildEvent(sim, account, "customer.subscription.updated", subscription, {
            created,
            previous: active,
          }),
        );
      const { previous: _previous, ...objects } = paid;
      return { ...objects, subscription, ...(await finish(sim, events, input.deliver)) };
    },

    /**
     * A trial ending without a payment method (end_behavior "pause"): customer.subscription.updated,
     * customer.subscription.paused. With `collection`: pause_collection, customer.subscription.updated only.
     */
    async pauseSubscription(input: PauseInput): Promise<ScenarioResult & { subscription: Subscription }> {
      const { account, subscription } = subscriptionOf(sim, input);
      if (input.collection) {
        const previous = pauseCollection(subscription, input.collection, input.resumesAt ?? null);
        const events = [
          buildEvent(sim, account, "customer.subscription.updated", subscription, { previous }),
        ];
        return { subscription, ...(await finish(sim, events, input.deliver)) };
      }
      const created = subscription.trial_end ?? sim.now();
      const previous = pauseAtTrialEnd(subscription);
      const events = [
        buildEvent(sim, account, "customer.subscription.updated", subscription, { previous, created }),
        buildEvent(sim, account, "customer.subscription.paused", subscription, { created }),
      ];
      return { subscription, ...(await finish(sim, events, input.deliver)) };
    },

    /**
     * A paused subscription resumes now: customer.subscription.resumed, customer.subscription.updated,
     * charge.succeeded, invoice.paid. Paused collection resumes with customer.subscription.updated alone.
     */
    async resumeSubscription(
      input: SubscriptionTarget,
    ): Promise<ScenarioResult & { subscription: Subscription; billed: PaidInvoice | null }> {
      const { account, subscription } = subscriptionOf(sim, input);
      if (subscription.status !== "paused") {
        const previous = resumeCollection(subscription);
        const events = [
          buildEvent(sim, account, "customer.subscription.updated", subscription, { previous }),
        ];
        return { subscription, billed: null, ...(await finish(sim, events, input.deliver)) };
      }
      const created = Math.max(sim.now(), subscription.trial_end ?? 0);
      const { previous, ...billed } = resumePaused(sim, account, subscription, created);
      const event = (type: string, object: object, prev?: Record<string, unknown>) =>
        buildEvent(sim, account, type, object, { created, previous: prev });
      const events = [
        event("customer.subscription.resumed", subscription),
        event("customer.subscription.updated", subscription, previous),
        ...(billed.charge ? [event("charge.succeeded", billed.charge)] : []),
        event("invoice.paid", billed.invoice),
      ];
      return { subscription, billed, ...(await finish(sim, events, input.deliver)) };
    },

    async cancelSubscription(input: CancelInput): Promise<ScenarioResult & { subscription: Subscription }> {
      const { account, subscription } = subscriptionOf(sim, input);
      const details = { feedback: input.feedback ?? null, comment: input.comment ?? null };
      let event: StripeEvent;
      if (input.atPeriodEnd) {
        const previous = scheduleCancellation(subscription, sim.now(), details);
        event = buildEvent(sim, account, "customer.subscription.updated", subscription, { previous });
      } else {
        // Stripe's deleted event carries the final object and no previous_attributes.
        cancelImmediately(subscription, sim.now(), details);
        event = buildEvent(sim, account, "customer.subscription.deleted", subscription);
      }
      const events = [event];
      return { subscription, ...(await finish(sim, events, input.deliver)) };
    },

    /** The end of the period of a subscription set to cancel at period end: customer.subscription.deleted. */
    async subscriptionEnded(
      input: SubscriptionTarget,
    ): Promise<ScenarioResult & { subscription: Subscription }> {
      const { account, subscription } = subscriptionOf(sim, input);
      endAtPeriodEnd(subscription);
      const events = [
        buildEvent(sim, account, "customer.subscription.deleted", subscription, {
          created: subscription.ended_at ?? sim.now(),
        }),
      ];
      return { subscription, ...(await finish(sim, events, input.deliver)) };
    },
  };
}
