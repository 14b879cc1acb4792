/**
 * Scenario helpers for what happens after a sale: renewals, refunds, disputes, cancellations.
 * Renewals and period ends happen at the subscription's own (future) period boundaries, so the
 * objects and event `created` times follow the simulated timeline rather than the wall clock.
 */
import { getSubscription } from "./api-subscriptions";
import { renewSubscription } from "./billing";
import { cancelImmediately, endAtPeriodEnd, scheduleCancellation } from "./cancellation";
import type { Invoice, Subscription } from "./objects";
import type { Charge, Dispute, InvoicePayment, PaymentIntent, Refund, StripeEvent } from "./objects-payments";
import { chargeOfInvoice, openDispute, refundCharge } from "./payments";
import { finish, type ScenarioOptions, type ScenarioResult } from "./scenario-kit";
import { connectedAccount, type SimAccount, type SimContext } from "./state";
import { buildEvent } from "./webhooks";

export interface ChargeTarget extends ScenarioOptions {
  /** The charge, or the invoice / payment intent whose charge is meant. */
  charge?: string;
  invoice?: string;
  paymentIntent?: string;
}

export interface RefundInput extends ChargeTarget {
  /** Defaults to everything not yet refunded. */
  amount?: number;
  reason?: "duplicate" | "fraudulent" | "requested_by_customer";
}

export interface DisputeInput extends ChargeTarget {
  /** Closes the dispute right away with this outcome (charge.dispute.closed). */
  outcome?: "won" | "lost";
  reason?: string;
}

export interface SubscriptionTarget extends ScenarioOptions {
  subscription: string;
}

export interface CancelInput extends SubscriptionTarget {
  /** true: customer.subscription.updated with cancel_at_period_end; false (default): deleted now. */
  atPeriodEnd?: boolean;
  feedback?: string;
  comment?: string;
}

function findCharge(account: SimAccount, target: ChargeTarget): Charge {
  let id = target.charge;
  if (!id && target.invoice) id = chargeOfInvoice(account, target.invoice)?.id;
  if (!id && target.paymentIntent)
    id = account.paymentIntents.get(target.paymentIntent)?.latest_charge ?? undefined;
  const charge = id ? account.charges.get(id) : undefined;
  if (!charge) throw new Error(`Stripe simulator: no charge found for ${JSON.stringify(target)}`);
  return charge;
}

function subscriptionOf(sim: SimContext, target: SubscriptionTarget) {
  const account = connectedAccount(sim, target.account);
  return { account, subscription: getSubscription(account, target.subscription) };
}

export function createLifecycleHelpers(sim: SimContext) {
  return {
    /** The next billing cycle: customer.subscription.updated, charge.succeeded, invoice.paid (subscription_cycle). */
    async subscriptionRenewed(input: SubscriptionTarget): Promise<
      ScenarioResult & {
        subscription: Subscription;
        invoice: Invoice;
        invoicePayment: InvoicePayment | null;
        paymentIntent: PaymentIntent | null;
        charge: Charge | null;
      }
    > {
      const { account, subscription } = subscriptionOf(sim, input);
      const paid = renewSubscription(sim, account, subscription);
      const created = paid.invoice.created;
      const events = [
        buildEvent(sim, account, "customer.subscription.updated", subscription, {
          previous: paid.previous,
          created,
        }),
      ];
      if (paid.charge) events.push(buildEvent(sim, account, "charge.succeeded", paid.charge, { created }));
      events.push(buildEvent(sim, account, "invoice.paid", paid.invoice, { created }));
      return { subscription, ...paid, ...(await finish(sim, events, input.deliver)) };
    },

    /** charge.refunded with the cumulative amount_refunded. */
    async refund(input: RefundInput): Promise<ScenarioResult & { refund: Refund; charge: Charge }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const { refund, previous } = refundCharge(sim, account, charge, {
        amount: input.amount,
        reason: input.reason,
      });
      const events = [buildEvent(sim, account, "charge.refunded", charge, { previous })];
      return { refund, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** charge.dispute.created, and charge.dispute.closed when an outcome is given. */
    async dispute(input: DisputeInput): Promise<ScenarioResult & { dispute: Dispute; charge: Charge }> {
      const account = connectedAccount(sim, input.account);
      const charge = findCharge(account, input);
      const dispute = openDispute(sim, account, charge, { reason: input.reason });
      const events = [buildEvent(sim, account, "charge.dispute.created", dispute)];
      if (input.outcome) {
        dispute.status = input.outcome;
        events.push(
          buildEvent(sim, account, "charge.dispute.closed", dispute, {
            previous: { status: "needs_response" },
          }),
        );
      }
      return { dispute, charge, ...(await finish(sim, events, input.deliver)) };
    },

    /** charge.dispute.closed for a dispute opened earlier. */
    async closeDispute(
      input: ScenarioOptions & { dispute: string; outcome: "won" | "lost" },
    ): Promise<ScenarioResult & { dispute: Dispute }> {
      const account = connectedAccount(sim, input.account);
      const dispute = account.disputes.get(input.dispute);
      if (!dispute) throw new Error(`Stripe simulator: no dispute ${input.dispute}`);
      const previous = { status: dispute.status };
      dispute.status = input.outcome;
      const events = [buildEvent(sim, account, "charge.dispute.closed", dispute, { previous })];
      return { dispute, ...(await finish(sim, events, input.deliver)) };
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
