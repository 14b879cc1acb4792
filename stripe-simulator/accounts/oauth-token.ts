/**
 * Connect OAuth on the API side: authorization codes become tokens once (`/oauth/token`), and a
 * platform can disconnect an account (`/oauth/deauthorize`). Errors use OAuth's flat shape
 * `{ error, error_description }`, which the SDK turns into StripeInvalidGrantError and friends.
 */

import { buildEvent } from "../events/webhooks";
import { oauthError } from "../http/errors";
import type { Params } from "../http/form";
import { str } from "../http/params";
import { randomToken } from "../store/ids";
import { createAccount, type OAuthGrant, type SimAccount, type SimContext } from "../store/state";

export interface ConnectInput {
  /** Reconnect this existing account instead of creating one. */
  account?: string | null;
  livemode?: boolean;
  email?: string | null;
  businessName?: string | null;
  redirectUri?: string | null;
  scope?: string;
}

/** What the authorize page does when the merchant clicks "Connect": an account and a fresh code. */
export function connectAccount(sim: SimContext, input: ConnectInput): { account: SimAccount; code: string } {
  const livemode = input.livemode ?? false;
  let account = input.account ? sim.state.accounts.get(input.account) : undefined;
  if (input.account && !account)
    throw new Error(`Stripe simulator: no account ${input.account} to reconnect`);
  if (account) {
    account.deauthorized = false;
    account.livemode = livemode;
  } else {
    account = createAccount(sim.newId("acct"), {
      connected: true,
      livemode,
      created: sim.now(),
      email: input.email ?? null,
      businessName: input.businessName ?? null,
    });
    sim.state.accounts.set(account.id, account);
  }
  const code = `ac_${randomToken(24)}`;
  sim.state.oauthCodes.set(code, {
    code,
    account: account.id,
    clientId: sim.config.clientId,
    redirectUri: input.redirectUri ?? null,
    scope: input.scope ?? "read_write",
    livemode,
    created: sim.now(),
    used: false,
  });
  return { account, code };
}

function grantFor(sim: SimContext, accountId: string, scope: string, livemode: boolean): OAuthGrant {
  const mode = livemode ? "live" : "test";
  const grant: OAuthGrant = {
    account: accountId,
    accessToken: `sk_${mode}_${randomToken(32)}`,
    refreshToken: `rt_${randomToken(32)}`,
    publishableKey: `pk_${mode}_${randomToken(32)}`,
    scope,
    livemode,
    created: sim.now(),
  };
  sim.state.oauthGrants.push(grant);
  return grant;
}

function tokenResponse(grant: OAuthGrant) {
  return {
    access_token: grant.accessToken,
    livemode: grant.livemode,
    refresh_token: grant.refreshToken,
    scope: grant.scope,
    stripe_publishable_key: grant.publishableKey,
    stripe_user_id: grant.account,
    token_type: "bearer",
  };
}

export function oauthToken(sim: SimContext, params: Params): object {
  const grantType = str(params, "grant_type");
  if (grantType === "authorization_code") {
    const code = str(params, "code");
    if (!code) throw oauthError(400, "invalid_request", "No authorization code provided");
    const stored = sim.state.oauthCodes.get(code);
    // A code works once; Stripe reports a spent code exactly like an unknown one.
    if (!stored || stored.used)
      throw oauthError(400, "invalid_grant", `Authorization code does not exist: ${code}`);
    stored.used = true;
    return tokenResponse(grantFor(sim, stored.account, stored.scope, stored.livemode));
  }
  if (grantType === "refresh_token") {
    const token = str(params, "refresh_token") ?? "";
    const previous = sim.state.oauthGrants.find((g) => g.refreshToken === token);
    const account = previous && sim.state.accounts.get(previous.account);
    if (!previous || !account || account.deauthorized) {
      throw oauthError(400, "invalid_grant", `Refresh token does not exist: ${token}`);
    }
    return tokenResponse(grantFor(sim, previous.account, previous.scope, previous.livemode));
  }
  throw oauthError(400, "unsupported_grant_type", `Unsupported grant type: ${grantType ?? ""}`);
}

export function oauthDeauthorize(sim: SimContext, params: Params): object {
  const clientId = str(params, "client_id") ?? "";
  const accountId = str(params, "stripe_user_id") ?? "";
  if (clientId !== sim.config.clientId) {
    throw oauthError(401, "invalid_client", `No such application: '${clientId}'`);
  }
  const account = sim.state.accounts.get(accountId);
  if (!account || account.deauthorized) {
    throw oauthError(
      401,
      "invalid_client",
      `This application is not connected to stripe account ${accountId}, or that account does not exist.`,
    );
  }
  disconnect(sim, account, "platform");
  return { stripe_user_id: account.id };
}

/** Ends the connection; later API calls for the account answer 403 like Stripe's. */
export function disconnect(sim: SimContext, account: SimAccount, by: "platform" | "account") {
  account.deauthorized = true;
  sim.state.deauthorizations.push({ account: account.id, by, at: sim.now() });
  return buildEvent(sim, account, "account.application.deauthorized", {
    id: sim.config.clientId,
    name: "Leadtrail (Stripe simulator)",
    object: "application",
  });
}
