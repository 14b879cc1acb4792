import Stripe from "stripe";
import type { Database } from "@/db";
import { markConnectionNeedsAttention } from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { accountStripe } from "./account";
import { isResourceMissing } from "./errors";
import type { StripePacer } from "./pacing";

export const attentionMessages = {
  key_revoked:
    "Stripe no longer accepts the API key Leadtrail was given (it was rolled, expired or deleted), so purchases are not being read. Disconnect, create a new restricted key in Stripe, and connect with it; then delete the old Leadtrail endpoint in Stripe (Developers → Webhooks), which the old key can no longer remove.",
  endpoint_missing:
    "The webhook endpoint Leadtrail created in your Stripe account was deleted, so Stripe no longer sends events here. Disconnect and connect with your API key again: Leadtrail creates a new endpoint and catches up on what it missed.",
} as const;

/** Marks the connection when an error says Stripe no longer lets its key in. Returns whether it did. */
export async function noteKeyFailure(db: Database, connection: StripeConnection, error: unknown) {
  if (connection.kind !== "api_key" || !(error instanceof Stripe.errors.StripeAuthenticationError))
    return false;
  await markConnectionNeedsAttention(db, { connectionId: connection.id, reason: "key_revoked" });
  return true;
}

/**
 * A key connection is only as good as its key and its endpoint, both of which the merchant can
 * remove in Stripe without Leadtrail hearing of it: the endpoint is read back (which also proves
 * the key). Returns the reason it needs attention, or null when both are there.
 */
export async function checkKeyConnection(
  db: Database,
  connection: StripeConnection,
  deps: { pacer?: StripePacer } = {},
): Promise<keyof typeof attentionMessages | null> {
  if (connection.kind !== "api_key" || connection.disconnectedAt || !connection.webhookEndpointId)
    return null;
  try {
    const api = accountStripe(connection, { platform: unused, pacer: deps.pacer, job: true });
    const endpoint = await api.retrieveWebhookEndpoint(connection.webhookEndpointId);
    if (endpoint.status === "enabled") return null;
    return mark(db, connection, "endpoint_missing");
  } catch (error) {
    if (await noteKeyFailure(db, connection, error)) return "key_revoked";
    if (isResourceMissing(error)) return mark(db, connection, "endpoint_missing");
    throw error;
  }
}

async function mark(db: Database, connection: StripeConnection, reason: keyof typeof attentionMessages) {
  await markConnectionNeedsAttention(db, { connectionId: connection.id, reason });
  return reason;
}

const unused = (): never => {
  throw new Error("a key connection uses its own key");
};
