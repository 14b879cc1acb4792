import { applyChargeRefunds } from "@/lib/sales/adjustments";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

export const chargeRefunded: EventHandler<"charge.refunded"> = async (ctx) => {
  const { merchant, stripe } = salesContext(ctx);
  return outcome(await applyChargeRefunds(ctx.db, merchant, stripe, ctx.event.data.object, ctx.event));
};
