import { recordUnpaidInvoice } from "@/lib/sales/subscriptions";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/**
 * `invoice.payment_failed`: nothing was paid. Tracked by dates, the invoice's billing period
 * waits for it (Stripe retries); tracked by transaction, nothing is recorded.
 */
export const invoicePaymentFailed: EventHandler<"invoice.payment_failed"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await recordUnpaidInvoice(ctx.db, merchant, stripe, ctx.event.data.object), "unpaid period");
};
