import Stripe from "stripe";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { activeConnectionForMerchant, endConnection } from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { accountStripe } from "./account";
import type { Actor } from "./actor";
import { describeStripeError } from "./client";
import { ConnectError } from "./connect-errors";
import { isResourceMissing } from "./errors";

interface OAuthDeps {
  stripe: Stripe;
  clientId: string;
}

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
  depsOrLoad: OAuthDeps | (() => OAuthDeps),
): Promise<StripeConnection> {
  const connection = await activeConnectionForMerchant(db, who.merchantId);
  if (!connection) throw new ConnectError("not_connected");
  if (connection.kind === "api_key") return disconnectKeyConnection(db, who, connection);
  // Loaded only here: a self-hosted server with no Connect platform has no platform settings.
  const deps = typeof depsOrLoad === "function" ? depsOrLoad() : depsOrLoad;
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
 * A connection by the merchant's own key: its webhook endpoint is deleted in the account, then
 * the connection ends here and its key and signing secret are forgotten (endConnection). A key
 * Stripe no longer accepts, or an endpoint already deleted, leaves nothing to undo there.
 */
async function disconnectKeyConnection(
  db: Database,
  who: Actor,
  connection: StripeConnection,
): Promise<StripeConnection> {
  const data: Record<string, unknown> = { kind: "api_key", webhook_endpoint: connection.webhookEndpointId };
  if (connection.webhookEndpointId && connection.apiKeyEnc) {
    try {
      await accountStripe(connection, { platform: noPlatform }).deleteWebhookEndpoint(
        connection.webhookEndpointId,
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeAuthenticationError) data.key_not_accepted = true;
      else if (isResourceMissing(error)) data.endpoint_already_deleted = true;
      else {
        console.warn(
          `Deleting webhook endpoint ${connection.webhookEndpointId} failed: ${describeStripeError(error)}`,
        );
        throw new ConnectError("disconnect_failed");
      }
    }
  }
  const ended = await db.transaction((tx) =>
    endStripeConnection(tx, {
      merchantId: who.merchantId,
      connectionId: connection.id,
      reason: "merchant_disconnected",
      actorUserId: who.userId,
      data,
    }),
  );
  return ended ?? connection;
}

const noPlatform = (): never => {
  throw new Error("a key connection uses its own key");
};

/**
 * Stripe answers a deauthorize for an account that is no longer connected with invalid_client
 * ("This application is not connected to stripe account …"); a wrong client id is also
 * invalid_client but worded differently and must not end the connection.
 */
function isNotConnected(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidClientError && /not connected/i.test(error.message);
}
