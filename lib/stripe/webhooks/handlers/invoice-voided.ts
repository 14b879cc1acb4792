import { recordUnpaidInvoice } from "@/lib/sales/subscriptions";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** `invoice.voided`: it will never be paid; a dates-tracked billing period waiting on it fails. */
export const invoiceVoided: EventHandler<"invoice.voided"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await recordUnpaidInvoice(ctx.db, merchant, stripe, ctx.event.data.object), "unpaid period");
};
