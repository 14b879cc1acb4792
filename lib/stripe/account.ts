import type Stripe from "stripe";
import type { StripeConnection } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { keyStripeClient } from "./client";
import { type ConnectedStripe, connectedStripe, pacedConnectedStripe } from "./connected";
import type { StripePacer } from "./pacing";

export interface AccountStripeDeps {
  /** The platform client (OAuth connections only; not touched for a key connection). */
  platform: () => Stripe;
  /** Each call waits for the account's turn (background work); omitted: unpaced. */
  pacer?: StripePacer;
  /** Background work: the key's client without SDK retries, like the job platform client. */
  job?: boolean;
}

/**
 * The one way to the API for a merchant's account, whichever way it is connected: the platform
 * key with `stripeAccount` (OAuth) or the merchant's own key with none (api_key). Pacing is per
 * Stripe account either way, so a bulk sync and webhook reads share one budget.
 */
export function accountStripe(
  connection: Pick<StripeConnection, "kind" | "stripeUserId" | "livemode" | "apiKeyEnc">,
  deps: AccountStripeDeps,
): ConnectedStripe {
  const account = connection.stripeUserId;
  const direct = connection.kind === "api_key";
  const client = direct ? keyStripeClient(connectionKey(connection), { job: deps.job }) : deps.platform();
  const pacer = deps.pacer;
  return pacer
    ? pacedConnectedStripe(client, account, () => pacer.acquire(account, connection.livemode), { direct })
    : connectedStripe(client, account, { direct });
}

/** The merchant's key of an api_key connection. */
export function connectionKey(connection: Pick<StripeConnection, "kind" | "apiKeyEnc">): string {
  if (connection.kind !== "api_key" || !connection.apiKeyEnc) {
    throw new Error("This Stripe connection has no API key (it was disconnected or uses Connect)");
  }
  return decryptSecret(connection.apiKeyEnc);
}
