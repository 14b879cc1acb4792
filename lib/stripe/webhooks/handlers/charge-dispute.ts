import type Stripe from "stripe";
import { applyDispute } from "@/lib/sales/adjustments";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** Both dispute events (one handler per slot): the dispute's status says open, won or lost. */
export const chargeDispute =
  <T extends "charge.dispute.created" | "charge.dispute.closed">(): EventHandler<T> =>
  async (ctx) => {
    const { merchant, stripe } = salesContext(ctx);
    const dispute = (ctx.event as Stripe.Event).data.object as Stripe.Dispute;
    return outcome(await applyDispute(ctx.db, merchant, stripe, dispute), "dispute on");
  };
