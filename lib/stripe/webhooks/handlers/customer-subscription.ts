import type Stripe from "stripe";
import { syncSubscription } from "@/lib/sales/subscriptions";
import type { EventHandler } from "../types";
import { salesContext } from "./sales-context";

/**
 * `customer.subscription.*`: the subscription is re-read from Stripe, so cancellations (at
 * period end or immediate), pauses, trials ending and reactivations converge in any order.
 */
export const customerSubscription =
  <
    T extends
      | "customer.subscription.created"
      | "customer.subscription.updated"
      | "customer.subscription.deleted"
      | "customer.subscription.paused"
      | "customer.subscription.resumed"
      | "customer.subscription.trial_will_end",
  >(): EventHandler<T> =>
  async (ctx) => {
    const { merchant, stripe } = salesContext(ctx);
    const subscription = (ctx.event as Stripe.Event).data.object as Stripe.Subscription;
    const row = await syncSubscription(ctx.db, merchant, stripe, subscription.id);
    return { note: `subscription ${row.status}${(row.endedAt ?? row.cancelAt) ? " (cancelled)" : ""}` };
  };
