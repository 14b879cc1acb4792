import type Stripe from "stripe";
import { saveCustomerEmail } from "@/db/queries/customers";
import type { EventHandler } from "../types";

/**
 * `customer.created|updated`: keeps the customer's email current. Attribution waits for a
 * sale, which gathers every hint at once, so the result cannot depend on event order.
 */
export const customerEvent =
  <T extends "customer.created" | "customer.updated">(): EventHandler<T> =>
  async (ctx) => {
    const customer = (ctx.event as Stripe.Event).data.object as Stripe.Customer;
    await saveCustomerEmail(ctx.db, {
      merchantId: ctx.merchantId,
      stripeCustomerId: customer.id,
      email: customer.email?.toLowerCase() ?? null,
      livemode: customer.livemode,
    });
    return { note: "customer recorded" };
  };
