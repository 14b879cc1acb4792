import { recordInvoiceSale } from "@/lib/sales/stripe-sales";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

export const invoicePaid: EventHandler<"invoice.paid"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await recordInvoiceSale(ctx.db, merchant, stripe, ctx.event.data.object));
};
