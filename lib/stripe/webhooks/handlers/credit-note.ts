import type Stripe from "stripe";
import { applyCreditNote } from "@/lib/sales/adjustments";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** A credit note on a paid invoice reduces that sale's base; voided, it no longer does. */
export const creditNote =
  <T extends "credit_note.created" | "credit_note.updated" | "credit_note.voided">(): EventHandler<T> =>
  async (ctx) => {
    const { merchant, stripe } = salesContext(ctx);
    const note = (ctx.event as Stripe.Event).data.object as Stripe.CreditNote;
    return outcome(await applyCreditNote(ctx.db, merchant, stripe, note, ctx.event));
  };
