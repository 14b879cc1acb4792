import Stripe from "stripe";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import {
  activeConnectionForAccount,
  activeConnectionForMerchant,
  insertConnection,
} from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { isEmailVerified } from "@/lib/account/verification";
import { encryptSecret } from "@/lib/crypto";
import { isUniqueViolation } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { describeStripeError, keyStripeClient } from "./client";
import { connectErrorMessages } from "./connect-errors";
import {
  describePermission,
  KEY_PERMISSIONS,
  missingPermission,
  missingPermissions,
} from "./key-permissions";
import { enqueueReconcile } from "./reconcile-job";
import { handledEventTypes } from "./webhooks/dispatch";

/**
 * The second way to connect (SPEC §4): a self-hosted Leadtrail, with no Connect platform, is
 * given the merchant's own restricted key. The key is checked with calls that prove each
 * permission; then a webhook endpoint is made in the account for this connection's URL, and the
 * key and the endpoint's signing secret are stored encrypted. Nothing is stored until all that
 * succeeded; an endpoint made for a connection that then could not be stored is deleted again.
 */

export interface KeyConnectDeps {
  /** Public base URL: Stripe delivers to {appUrl}/api/stripe/webhook/{connection id}. */
  appUrl: string;
  /** A client for the key (tests point it at the simulator); keyStripeClient by default. */
  client?: (key: string) => Stripe;
  encryptionKey?: string;
}

export type KeyConnectErrorCode =
  | "publishable_key"
  | "malformed_key"
  | "missing_permissions"
  | "already_connected"
  | "account_taken"
  | "email_unverified"
  | "key_rejected"
  | "stripe_unavailable";

export type KeyConnectResult =
  | { ok: true; connection: StripeConnection; note: string | null }
  | { ok: false; code: KeyConnectErrorCode; message: string; missing?: string[] };

/** The SDK's pinned API version: events arrive in the shape the handlers were written for. */
export const PINNED_API_VERSION = Stripe.API_VERSION;

const KEY = /^(rk|sk)_(test|live)_[A-Za-z0-9]{8,}$/;

export const SECRET_KEY_NOTE =
  "Connected with a secret key, which can do anything in your Stripe account. We recommend a restricted key with only the permissions listed here: create one in Stripe, then disconnect and connect with it.";

/** What is wrong with the text pasted as a key, or null when it looks like a secret or restricted key. */
export function keyFormatError(raw: string): "publishable_key" | "malformed_key" | null {
  const key = raw.trim();
  if (/^pk_(test|live)_/.test(key)) return "publishable_key";
  if (!KEY.test(key)) return "malformed_key";
  return null;
}

const messages: Record<Exclude<KeyConnectErrorCode, "missing_permissions">, string> = {
  publishable_key:
    "That is a publishable key (pk_…), which cannot read your Stripe data. Paste a restricted key (rk_live_… or rk_test_…). Nothing was connected.",
  malformed_key:
    "That does not look like a Stripe API key. Paste a restricted key: it starts with rk_live_ or rk_test_. Nothing was connected.",
  already_connected: connectErrorMessages.already_connected,
  email_unverified: connectErrorMessages.email_unverified,
  account_taken: connectErrorMessages.account_taken,
  key_rejected:
    "Stripe does not accept this key: it may have been rolled or deleted. Create a new restricted key and paste it here. Nothing was connected.",
  stripe_unavailable:
    "Stripe could not check this key just now, so nothing was connected. Please try again in a moment.",
};

/**
 * The message for a failure, from its code and the permission ids it lacks; the page builds it
 * from its query string this way, so nothing typed into a URL is shown as-is.
 */
export function keyConnectErrorMessage(code: unknown, missingIds: readonly string[] = []): string {
  if (code === "missing_permissions") {
    const missing = KEY_PERMISSIONS.filter((p) => missingIds.includes(p.id)).map(describePermission);
    return `This key is missing permissions Leadtrail needs: ${missing.join(", ") || "see the list below"}. Edit the key in Stripe (Developers → API keys) to grant them, then connect again. Nothing was connected.`;
  }
  return typeof code === "string" && Object.hasOwn(messages, code)
    ? messages[code as keyof typeof messages]
    : "Something went wrong with Stripe. Please try again.";
}

export async function connectWithApiKey(
  db: Database,
  who: { merchantId: string; userId: string },
  raw: string,
  deps: KeyConnectDeps,
): Promise<KeyConnectResult> {
  // Before the key goes anywhere: an unproven address must not connect an account (SPEC §12).
  if (!(await isEmailVerified(db, who.userId))) return fail("email_unverified");
  const formatError = keyFormatError(raw);
  if (formatError) return fail(formatError);
  const key = raw.trim();
  if (await activeConnectionForMerchant(db, who.merchantId)) return fail("already_connected");
  const stripe = (deps.client ?? keyStripeClient)(key);
  let account: { id: string; livemode: boolean };
  let missing: string[];
  try {
    account = await accountOf(stripe, key);
    missing = (await missingPermissions(stripe)).map((p) => p.id);
  } catch (error) {
    return fail(stripeRefusal(error));
  }
  if (missing.length > 0) return fail("missing_permissions", missing);
  if (await activeConnectionForAccount(db, account.id)) return fail("account_taken");

  const id = newId("sc");
  let endpoint: Stripe.WebhookEndpoint;
  try {
    endpoint = await stripe.webhookEndpoints.create({
      url: new URL(`/api/stripe/webhook/${id}`, deps.appUrl).toString(),
      enabled_events: handledEventTypes() as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
      api_version: PINNED_API_VERSION as Stripe.WebhookEndpointCreateParams.ApiVersion,
      description: "Leadtrail: purchases, refunds and cancellations for affiliate tracking",
      metadata: { leadtrail_connection_id: id },
    });
  } catch (error) {
    if (missingPermission(error)) return fail("missing_permissions", ["rak_webhook_write"]);
    return fail(stripeRefusal(error));
  }
  if (!endpoint.secret) {
    console.warn(`Stripe returned webhook endpoint ${endpoint.id} without its secret`);
    return fail("stripe_unavailable");
  }
  const seal = (value: string) => encryptSecret(value, deps.encryptionKey);
  try {
    const connection = await db.transaction(async (tx) => {
      const row = await insertConnection(tx, {
        id,
        kind: "api_key",
        merchantId: who.merchantId,
        stripeUserId: account.id,
        livemode: account.livemode,
        scope: key.startsWith("rk_") ? "restricted_key" : "secret_key",
        accessTokenEnc: null,
        refreshTokenEnc: null,
        publishableKey: null,
        apiKeyEnc: seal(key),
        webhookEndpointId: endpoint.id,
        webhookSecretEnc: seal(endpoint.secret!),
      });
      await recordAudit(tx, {
        merchantId: who.merchantId,
        actorUserId: who.userId,
        action: "stripe.connected",
        data: {
          stripe_user_id: row.stripeUserId,
          livemode: row.livemode,
          kind: "api_key",
          scope: row.scope,
          webhook_endpoint: endpoint.id,
        },
      });
      // Events from before the endpoint existed (up to Stripe's 30 days) are caught up too.
      await enqueueReconcile(tx, row, "connect");
      return row;
    });
    wakeJobRunner();
    return { ok: true, connection, note: key.startsWith("sk_") ? SECRET_KEY_NOTE : null };
  } catch (error) {
    // Lost a race with another connection for this merchant or account: the endpoint is not ours to keep.
    await stripe.webhookEndpoints
      .del(endpoint.id)
      .catch((e: unknown) =>
        console.warn(`Could not delete webhook endpoint ${endpoint.id}: ${describeStripeError(e)}`),
      );
    if (isUniqueViolation(error, "stripe_connections_active_account_key")) return fail("account_taken");
    if (isUniqueViolation(error, "stripe_connections_active_merchant_key")) return fail("already_connected");
    throw error;
  }
}

/**
 * The key's own account and mode. A restricted key may lack the permission to read the account
 * object; Stripe's permission error names the account then, which is all that is needed.
 */
async function accountOf(stripe: Stripe, key: string): Promise<{ id: string; livemode: boolean }> {
  const livemode = /^(rk|sk)_live_/.test(key);
  try {
    const account = await stripe.accounts.retrieveCurrent();
    return { id: account.id, livemode };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripePermissionError)) throw error;
    const named = /account '?(acct_[A-Za-z0-9]+)'?/.exec(error.message)?.[1];
    if (!named) throw error;
    return { id: named, livemode };
  }
}

function stripeRefusal(error: unknown): KeyConnectErrorCode {
  if (error instanceof Stripe.errors.StripeAuthenticationError) return "key_rejected";
  if (error instanceof Stripe.errors.StripeError) {
    console.warn(`Stripe refused the key check: ${describeStripeError(error)}`);
    return "stripe_unavailable";
  }
  throw error;
}

function fail(code: KeyConnectErrorCode, missing?: string[]): KeyConnectResult {
  return { ok: false, code, message: keyConnectErrorMessage(code, missing), ...(missing ? { missing } : {}) };
}
