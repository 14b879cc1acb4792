import { recordChargeSale } from "@/lib/sales/stripe-sales";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** An authorised charge captured (in full or in part): the sale, for the amount captured. */
export const chargeCaptured: EventHandler<"charge.captured"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await recordChargeSale(ctx.db, merchant, stripe, ctx.event.data.object));
};
