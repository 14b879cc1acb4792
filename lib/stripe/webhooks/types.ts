import type Stripe from "stripe";
import type { Database } from "@/db";
import type { Merchant, StripeConnection } from "@/db/schema";
import type { ConnectedStripe } from "../connected";

export type StripeEventType = Stripe.Event.Type;
export type EventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

/** What a handler gets: the transaction that also records the event, and the live connection. */
export interface WebhookContext<T extends StripeEventType = StripeEventType> {
  db: Database;
  event: EventOf<T>;
  connection: StripeConnection;
  /** The merchant's settings as the event began processing. */
  merchant: Merchant;
  merchantId: string;
  /** The merchant's account through the platform key, for what a payload lacks. */
  stripe(): ConnectedStripe;
}

/**
 * A handler may mark the event ignored (with why) when it had nothing to do, and names the
 * purchase it shaped, which that purchase's page lists the event under.
 */
export type HandlerResult = { ignored?: boolean; note?: string; purchaseId?: string | null } | undefined;

export type EventHandler<T extends StripeEventType = StripeEventType> = (
  ctx: WebhookContext<T>,
) => Promise<HandlerResult>;
