import type Stripe from "stripe";
import { applyRefund } from "@/lib/sales/adjustments";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** A refund as Stripe has it now, by its id: created, settled, failed or cancelled. */
export const refundEvent =
  <
    T extends "refund.created" | "refund.updated" | "refund.failed" | "charge.refund.updated",
  >(): EventHandler<T> =>
  async (ctx) => {
    const { merchant, stripe } = salesContext(ctx);
    const refund = (ctx.event as Stripe.Event).data.object as Stripe.Refund;
    return outcome(await applyRefund(ctx.db, merchant, stripe, refund, ctx.event));
  };
