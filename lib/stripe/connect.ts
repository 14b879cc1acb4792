import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { consumeOAuthState, describeOAuthState, insertOAuthState } from "@/db/queries/oauth-states";
import {
  activeConnectionForAccount,
  activeConnectionForMerchant,
  insertConnection,
} from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { isEmailVerified } from "@/lib/account/verification";
import { encryptSecret, sha256Hex } from "@/lib/crypto";
import { isUniqueViolation } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import type { Actor } from "./actor";
import { authorizeUrl, describeStripeError, stripeClient, stripeSettings } from "./client";
import { ConnectError, type ConnectErrorCode } from "./connect-errors";
import { enqueueReconcile } from "./reconcile-job";

/**
 * Stripe Connect OAuth for Standard accounts (SPEC §4), without HTTP: the route handler and the
 * server action only parse, authorise and redirect.
 *
 * A merchant that already has a live connection is refused (before any code is exchanged) rather
 * than silently switched to another account: switching would re-attribute future events and
 * orphan the old account's data, so it takes an explicit Disconnect first.
 */

export const STATE_TTL_SECONDS = 600;

export interface ConnectDeps {
  stripe: Stripe;
  clientId: string;
  authorizeUrl: string;
  redirectUri: string;
  /** ENCRYPTION_KEY by default. */
  encryptionKey?: string;
}

export function connectDeps(): ConnectDeps {
  const settings = stripeSettings();
  return { stripe: stripeClient(settings), ...settings };
}

export type ConnectResult =
  | { ok: true; connection: StripeConnection }
  | { ok: false; error: ConnectErrorCode };

/** Creates a single-use state bound to this merchant and user and returns where to send them. */
export async function beginConnect(db: Database, who: Actor, deps: ConnectDeps): Promise<{ url: string }> {
  // An unproven address must not tie a Stripe account to this merchant (SPEC §12).
  if (!(await isEmailVerified(db, who.userId))) throw new ConnectError("email_unverified");
  if (await activeConnectionForMerchant(db, who.merchantId)) throw new ConnectError("already_connected");
  const state = randomBytes(32).toString("base64url");
  await insertOAuthState(db, { stateHash: sha256Hex(state), ...who, ttlSeconds: STATE_TTL_SECONDS });
  return { url: authorizeUrl({ state }, deps) };
}

const STATE = /^[A-Za-z0-9_-]{43}$/;
const callbackParams = z.union([
  z.object({
    error: z.string().min(1).max(200),
    error_description: z.string().max(2000).optional(),
    state: z.string().max(200).optional(),
  }),
  z.object({
    code: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/),
    state: z.string().max(200),
    scope: z.string().max(200).optional(),
  }),
]);

const tokenResponse = z.object({
  stripe_user_id: z.string().regex(/^acct_[A-Za-z0-9]+$/),
  livemode: z.boolean(),
  scope: z.string().min(1).default("read_write"),
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  stripe_publishable_key: z.string().min(1).optional(),
});

/** The redirect back from Stripe: verify and spend the state, exchange the code once, store. */
export async function completeConnect(
  db: Database,
  who: Actor,
  query: Record<string, string | undefined>,
  deps: ConnectDeps,
): Promise<ConnectResult> {
  const parsed = callbackParams.safeParse(query);
  if (!parsed.success) return fail("invalid_request");
  if ("error" in parsed.data) {
    // Spend the state anyway so the link cannot be reused; the answer is the same either way.
    const { state } = parsed.data;
    if (state && STATE.test(state)) await consumeOAuthState(db, { stateHash: sha256Hex(state), ...who });
    return fail(parsed.data.error === "access_denied" ? "access_denied" : "oauth_error");
  }
  const { code, state } = parsed.data;
  const stateError = await spendState(db, who, state);
  if (stateError) return fail(stateError);
  if (await activeConnectionForMerchant(db, who.merchantId)) return fail("already_connected");

  const token = await exchangeCode(deps.stripe, code);
  if (!token) return fail("exchange_failed");

  const holder = await activeConnectionForAccount(db, token.stripe_user_id);
  if (holder) return fail(holder.merchantId === who.merchantId ? "already_connected" : "account_taken");
  try {
    const connection = await db.transaction(async (tx) => {
      const seal = (value: string | undefined) => (value ? encryptSecret(value, deps.encryptionKey) : null);
      const row = await insertConnection(tx, {
        merchantId: who.merchantId,
        stripeUserId: token.stripe_user_id,
        livemode: token.livemode,
        scope: token.scope,
        accessTokenEnc: seal(token.access_token),
        refreshTokenEnc: seal(token.refresh_token),
        publishableKey: token.stripe_publishable_key ?? null,
      });
      await recordAudit(tx, {
        merchantId: who.merchantId,
        actorUserId: who.userId,
        action: "stripe.connected",
        data: { stripe_user_id: row.stripeUserId, livemode: row.livemode, scope: row.scope },
      });
      // Events Stripe sent between the authorization and this row (they found no connection),
      // or that a reconnected account's deliveries missed: caught up in the background.
      await enqueueReconcile(tx, row, "connect");
      return row;
    });
    wakeJobRunner();
    return { ok: true, connection };
  } catch (error) {
    // The checks above lose a race with a concurrent callback; the partial unique indexes decide.
    if (isUniqueViolation(error, "stripe_connections_active_account_key")) {
      const winner = await activeConnectionForAccount(db, token.stripe_user_id);
      return fail(winner && winner.merchantId !== who.merchantId ? "account_taken" : "already_connected");
    }
    if (isUniqueViolation(error, "stripe_connections_active_merchant_key")) {
      await releaseUnusedGrant(db, deps, token.stripe_user_id);
      return fail("already_connected");
    }
    throw error;
  }
}

async function spendState(db: Database, who: Actor, state: string): Promise<ConnectErrorCode | null> {
  if (!STATE.test(state)) return "invalid_state";
  const stateHash = sha256Hex(state);
  if (await consumeOAuthState(db, { stateHash, ...who })) return null;
  const found = await describeOAuthState(db, stateHash);
  if (!found) return "invalid_state";
  if (found.merchantId !== who.merchantId || found.userId !== who.userId) return "state_mismatch";
  if (found.used) return "state_used";
  return "state_expired";
}

/** One call per spent state; Stripe refuses a code it has seen before (invalid_grant). */
async function exchangeCode(stripe: Stripe, code: string) {
  try {
    const parsed = tokenResponse.safeParse(
      await stripe.oauth.token({ grant_type: "authorization_code", code }),
    );
    if (parsed.success) return parsed.data;
    console.warn("Stripe OAuth token response was not understood:", parsed.error.issues);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    console.warn(`Stripe OAuth code exchange failed: ${describeStripeError(error)}`);
  }
  return null;
}

/**
 * A merchant raced two connections to different accounts and this one lost: its account was
 * authorised at Stripe but is connected to no one here, so hand the access back. Best effort.
 */
async function releaseUnusedGrant(db: Database, deps: ConnectDeps, stripeUserId: string) {
  if (await activeConnectionForAccount(db, stripeUserId)) return;
  await deps.stripe.oauth
    .deauthorize({ client_id: deps.clientId, stripe_user_id: stripeUserId })
    .catch((error: unknown) =>
      console.warn(`Could not release Stripe account ${stripeUserId}: ${describeStripeError(error)}`),
    );
}

function fail(error: ConnectErrorCode): ConnectResult {
  return { ok: false, error };
}
