import type Stripe from "stripe";
import { applyDispute } from "@/lib/sales/adjustments";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

type DisputeEvent =
  | "charge.dispute.created"
  | "charge.dispute.updated"
  | "charge.dispute.closed"
  | "charge.dispute.funds_withdrawn"
  | "charge.dispute.funds_reinstated";

/** Every dispute event: the dispute's own status, amount and money movements, by its id. */
export const chargeDispute =
  <T extends DisputeEvent>(): EventHandler<T> =>
  async (ctx) => {
    const { merchant, stripe } = salesContext(ctx);
    const dispute = (ctx.event as Stripe.Event).data.object as Stripe.Dispute;
    return outcome(await applyDispute(ctx.db, merchant, stripe, dispute, ctx.event));
  };
