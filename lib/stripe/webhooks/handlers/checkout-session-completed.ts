import { idOf } from "@/lib/sales/stripe-facts";
import { recordCheckoutSale, recordInvoiceSale } from "@/lib/sales/stripe-sales";
import { syncSubscription } from "@/lib/sales/subscriptions";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/**
 * One-off payments are sales. A subscription checkout's sale is its first invoice: recorded
 * here from the API if this event comes first, exactly as `invoice.paid` would record it.
 */
export const checkoutSessionCompleted: EventHandler<"checkout.session.completed"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  const session = ctx.event.data.object;
  if (session.mode !== "subscription")
    return outcome(await recordCheckoutSale(ctx.db, merchant, stripe, session));
  const invoiceId = idOf(session.invoice);
  if (invoiceId)
    return outcome(
      await recordInvoiceSale(ctx.db, merchant, stripe, await stripe.retrieveInvoice(invoiceId)),
    );
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId) await syncSubscription(ctx.db, merchant, stripe, subscriptionId);
  return { ignored: true, note: "subscription checkout without an invoice yet" };
};
