import { fromSeconds } from "@/lib/sales/stripe-facts";
import { recordCheckoutSale } from "@/lib/sales/stripe-sales";
import type { EventHandler } from "../types";
import { outcome, salesContext } from "./sales-context";

/** An async payment (SEPA, ACH…) settled: the sale, dated at settlement. */
export const checkoutAsyncPaymentSucceeded: EventHandler<"checkout.session.async_payment_succeeded"> = async (
  ctx,
) => {
  const { merchant, stripe } = salesContext(ctx);
  const settledAt = fromSeconds(ctx.event.created)!;
  return outcome(await recordCheckoutSale(ctx.db, merchant, stripe, ctx.event.data.object, settledAt));
};

/** An async payment that failed never became a sale. */
export const checkoutAsyncPaymentFailed: EventHandler<
  "checkout.session.async_payment_failed"
> = async () => ({
  ignored: true,
  note: "async payment failed: no sale",
});
