import type { Merchant } from "@/db/schema";
import type { SalesStripe } from "@/lib/sales/stripe-reader";
import type { StripeEventType, WebhookContext } from "../types";

/** The merchant's settings and its account's API, for the sales handlers. */
export function salesContext<T extends StripeEventType>(
  ctx: WebhookContext<T>,
): { merchant: Merchant; stripe: SalesStripe } {
  return { merchant: ctx.merchant, stripe: ctx.stripe() };
}

/** Handlers report what they did in the event log's note. */
export const outcome = (result: { purchase: { id: string } | null; note?: string }, created = "purchase") =>
  result.purchase
    ? { note: result.note ?? `${created} ${result.purchase.id}`, purchaseId: result.purchase.id }
    : { ignored: true, note: result.note };
