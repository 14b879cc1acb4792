import type Stripe from "stripe";
import { stripeCustomers } from "@/db/schema";
import type { EventHandler } from "../types";

/**
 * `customer.created|updated`: keeps the customer's email current. Attribution waits for a
 * sale, which gathers every hint at once, so the result cannot depend on event order.
 */
export const customerEvent =
  <T extends "customer.created" | "customer.updated">(): EventHandler<T> =>
  async (ctx) => {
    const customer = (ctx.event as Stripe.Event).data.object as Stripe.Customer;
    const email = customer.email?.toLowerCase() ?? null;
    await ctx.db
      .insert(stripeCustomers)
      .values({
        merchantId: ctx.merchantId,
        stripeCustomerId: customer.id,
        email,
        livemode: customer.livemode,
      })
      .onConflictDoUpdate({
        target: [stripeCustomers.merchantId, stripeCustomers.stripeCustomerId],
        set: { email },
      });
    return { note: "customer recorded" };
  };
