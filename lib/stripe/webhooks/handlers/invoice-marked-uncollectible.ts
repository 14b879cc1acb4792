import { recordUnpaidInvoice } from "@/lib/sales/subscriptions";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** `invoice.marked_uncollectible`: given up on; a dates-tracked billing period waiting on it fails. */
export const invoiceMarkedUncollectible: EventHandler<"invoice.marked_uncollectible"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await recordUnpaidInvoice(ctx.db, merchant, stripe, ctx.event.data.object), "unpaid period");
};
