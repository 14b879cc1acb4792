import { fromSeconds, settlesLater } from "@/lib/sales/stripe-facts";
import { recordChargeSale } from "@/lib/sales/stripe-sales";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** One-off payments without an invoice; invoice payments are left to `invoice.paid`. */
export const chargeSucceeded: EventHandler<"charge.succeeded"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  const charge = ctx.event.data.object;
  const settledAt = settlesLater(charge) ? fromSeconds(ctx.event.created)! : undefined;
  return outcome(await recordChargeSale(ctx.db, merchant, stripe, charge, settledAt));
};
