import Stripe from "stripe";
import type { Database } from "@/db";
import { connectionById, markConnectionNeedsAttention } from "@/db/queries/stripe-connections";
import { decryptSecret } from "@/lib/crypto";
import { badRequest } from "@/lib/errors";
import { notConfigured } from "../client";
import { type WebhookResponse, webhookFailure } from "./handle-request";
import { receiveStripeEvent } from "./receive";
import { verifyStripeEvent } from "./verify";

const CONNECTION_ID = /^sc_[A-Za-z0-9_]{1,64}$/;

/**
 * The endpoint Leadtrail created in a merchant's own account (a connection by API key): the URL
 * names the connection, and only that connection's signing secret verifies its events, so no
 * other merchant can send events here. Direct events carry no `account`; the connection's
 * account is set on the event so it takes the same path as a Connect event, with the
 * connection's key for every read.
 */
export async function handleConnectionWebhook(
  db: Database,
  request: { connectionId: string; body: string; signature: string | null },
  deps: { encryptionKey?: string } = {},
): Promise<WebhookResponse> {
  try {
    const connection = CONNECTION_ID.test(request.connectionId)
      ? await connectionById(db, request.connectionId)
      : null;
    if (connection?.kind !== "api_key") {
      return {
        status: 404,
        body: { error: { code: "unknown_endpoint", message: "No such webhook endpoint" } },
      };
    }
    // Its secret was forgotten with the connection: acknowledged so Stripe stops, nothing stored.
    if (connection.disconnectedAt || !connection.webhookSecretEnc) {
      return { status: 200, body: { received: true, status: "ignored", note: "connection ended" } };
    }
    const secret = decryptSecret(connection.webhookSecretEnc, deps.encryptionKey);
    const event = verifyStripeEvent(Stripe, request.body, request.signature, secret);
    if (event.account && event.account !== connection.stripeUserId) {
      throw badRequest("The event is for another Stripe account", "wrong_account");
    }
    try {
      const outcome = await receiveStripeEvent(
        db,
        { ...event, account: connection.stripeUserId },
        {
          stripe: () => {
            throw notConfigured();
          },
        },
      );
      return { status: 200, body: { received: true, ...outcome } };
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeAuthenticationError)) throw error;
      // Shown on the Stripe app page; Stripe keeps retrying, and a new key's catch-up applies it.
      await markConnectionNeedsAttention(db, { connectionId: connection.id, reason: "key_revoked" });
      console.warn(
        `Stripe no longer accepts the API key of connection ${connection.id}; event ${event.id} not processed`,
      );
      return {
        status: 500,
        body: { error: { code: "key_revoked", message: "The connection's API key is no longer valid" } },
      };
    }
  } catch (error) {
    return webhookFailure(error);
  }
}
