import Stripe from "stripe";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { activeConnectionForMerchant, endConnection } from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { describeStripeError } from "./client";
import type { Actor } from "./connect";
import { ConnectError } from "./connect-errors";

export type DisconnectReason = "merchant_disconnected" | "deauthorized_in_stripe";

export const disconnectReasonLabels: Record<string, string> = {
  merchant_disconnected: "Disconnected from Leadtrail",
  deauthorized_in_stripe: "Disconnected from Stripe's side",
};

/**
 * Ends a live connection and audit-logs it; events for the account are ignored from then on.
 * Runs on the caller's transaction (the webhook's, or Disconnect's). Returns null when it was
 * already ended, so a concurrent Disconnect and deauthorized event log the end only once.
 */
export async function endStripeConnection(
  db: Database,
  params: {
    merchantId: string;
    connectionId: string;
    reason: DisconnectReason;
    actorUserId: string | null;
    data?: Record<string, unknown>;
  },
): Promise<StripeConnection | null> {
  const ended = await endConnection(db, params);
  if (!ended) return null;
  await recordAudit(db, {
    merchantId: params.merchantId,
    actorUserId: params.actorUserId,
    action: "stripe.disconnected",
    data: { stripe_user_id: ended.stripeUserId, reason: params.reason, ...params.data },
  });
  return ended;
}

/**
 * "Disconnect from Stripe": revoke our access at Stripe first, then end the connection here. If
 * Stripe cannot be reached the connection stays, so the merchant is never told it is gone while
 * Stripe still lets us in; if Stripe says it is already gone, it is ended here too.
 */
export async function disconnectStripe(
  db: Database,
  who: Actor,
  deps: { stripe: Stripe; clientId: string },
): Promise<StripeConnection> {
  const connection = await activeConnectionForMerchant(db, who.merchantId);
  if (!connection) throw new ConnectError("not_connected");
  let alreadyDisconnected = false;
  try {
    await deps.stripe.oauth.deauthorize({
      client_id: deps.clientId,
      stripe_user_id: connection.stripeUserId,
    });
  } catch (error) {
    if (!isNotConnected(error)) {
      console.warn(`Stripe deauthorize failed for ${connection.stripeUserId}: ${describeStripeError(error)}`);
      throw new ConnectError("disconnect_failed");
    }
    alreadyDisconnected = true;
  }
  const ended = await db.transaction((tx) =>
    endStripeConnection(tx, {
      merchantId: who.merchantId,
      connectionId: connection.id,
      reason: "merchant_disconnected",
      actorUserId: who.userId,
      data: alreadyDisconnected ? { already_disconnected_in_stripe: true } : {},
    }),
  );
  // Null: the deauthorized webhook ended it a moment earlier; the outcome is the same.
  return ended ?? connection;
}

/**
 * Stripe answers a deauthorize for an account that is no longer connected with invalid_client
 * ("This application is not connected to stripe account …"); a wrong client id is also
 * invalid_client but worded differently and must not end the connection.
 */
function isNotConnected(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidClientError && /not connected/i.test(error.message);
}
