/**
 * The browser side of Connect OAuth: the authorize page with its "Connect my Stripe account"
 * button, and the form post that creates (or reconnects) an account and redirects back with a
 * code. Like Stripe, a bad client_id or redirect_uri gets an error page (redirecting there would
 * be an open redirect); other problems redirect back with `error` and `error_description`.
 */

import type { SimContext } from "../store/state";
import { connectAccount } from "./oauth-token";

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: string;
  scope: string;
  state: string;
}

const SCOPES = ["read_write", "read_only"];

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function redirectTo(uri: string, params: Record<string, string>): PageResponse {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  return { status: 303, headers: { Location: url.toString() }, body: "" };
}

/** A small, accessible HTML page that says plainly that Stripe is simulated. */
export function renderPage(status: number, title: string, content: string): PageResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#0a2540;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 2px 8px #0002}
.banner{background:#fff4e5;border:1px solid #f5a623;padding:.5rem .75rem;border-radius:4px;font-size:.9rem}
label,legend{display:block;margin-top:1rem;font-weight:600}
input[type=text],input[type=email],select{width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}
fieldset{border:0;padding:0}fieldset label{font-weight:400;margin-top:.25rem}
button{margin-top:1.5rem;width:100%;padding:.75rem;background:#635bff;color:#fff;border:0;border-radius:4px;font-size:1rem;cursor:pointer}
.deny{display:block;text-align:center;margin-top:1rem}
</style></head>
<body><main>
<p class="banner" role="note">Stripe is simulated: this page belongs to Leadtrail's Stripe simulator, not to Stripe.</p>
${content}
</main></body></html>`;
  return { status, headers: { "Content-Type": "text/html; charset=utf-8" }, body };
}

function errorPage(message: string): PageResponse {
  return renderPage(
    400,
    "Stripe Connect: error",
    `<h1>Something went wrong</h1><p>${escapeHtml(message)}</p>`,
  );
}

function read(sim: SimContext, input: URLSearchParams): AuthorizeRequest | PageResponse {
  const request: AuthorizeRequest = {
    clientId: input.get("client_id") ?? "",
    redirectUri: input.get("redirect_uri") ?? "",
    responseType: input.get("response_type") ?? "",
    scope: input.get("scope") || "read_only",
    state: input.get("state") ?? "",
  };
  if (!request.clientId) return errorPage("No client_id was provided.");
  if (request.clientId !== sim.config.clientId)
    return errorPage(`No application matches the client_id ${request.clientId}.`);
  if (!/^https?:\/\/[^\s]+$/i.test(request.redirectUri) || !URL.canParse(request.redirectUri)) {
    return errorPage(
      "Invalid redirect_uri: it must be an absolute http(s) URL registered for this application.",
    );
  }
  const back = (error: string, description: string) =>
    redirectTo(request.redirectUri, { error, error_description: description, state: request.state });
  if (request.responseType !== "code") {
    return back(
      "unsupported_response_type",
      `Invalid response_type: ${request.responseType}. Expected "code".`,
    );
  }
  if (!SCOPES.includes(request.scope)) return back("invalid_scope", `Invalid scope: ${request.scope}`);
  return request;
}

function hidden(request: AuthorizeRequest): string {
  const fields: Record<string, string> = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: request.responseType,
    scope: request.scope,
    state: request.state,
  };
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join("\n");
}

export function authorizePage(sim: SimContext, query: URLSearchParams): PageResponse {
  const request = read(sim, query);
  if ("status" in request) return request;
  const deny = new URL(request.redirectUri);
  deny.searchParams.set("error", "access_denied");
  deny.searchParams.set("error_description", "The user denied your request");
  if (request.state) deny.searchParams.set("state", request.state);
  const accounts = [...sim.state.accounts.values()]
    .map(
      (a) =>
        `<option value="${escapeHtml(a.id)}">${escapeHtml(a.businessName ?? a.id)} (${escapeHtml(a.id)})</option>`,
    )
    .join("");
  const email = query.get("stripe_user[email]") ?? "";
  const business = query.get("stripe_user[business_name]") ?? "";
  return renderPage(
    200,
    "Connect with Stripe",
    `<h1>Connect with Stripe</h1>
<p>An application is requesting <strong>${escapeHtml(request.scope)}</strong> access to your Stripe account.</p>
<form method="post" action="/oauth/authorize/confirm">
${hidden(request)}
<label for="account">Stripe account</label>
<select id="account" name="account"><option value="new">Create a new account</option>${accounts}</select>
<label for="business_name">Business name</label>
<input id="business_name" name="business_name" type="text" value="${escapeHtml(business)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${escapeHtml(email)}">
<fieldset><legend>Mode</legend>
<label><input type="radio" name="mode" value="test" checked> Test mode</label>
<label><input type="radio" name="mode" value="live"> Live mode</label>
</fieldset>
<button type="submit">Connect my Stripe account</button>
</form>
<a class="deny" href="${escapeHtml(deny.toString())}">Deny</a>`,
  );
}

export function confirmAuthorize(sim: SimContext, form: URLSearchParams): PageResponse {
  const request = read(sim, form);
  if ("status" in request) return request;
  const chosen = form.get("account");
  const existing = chosen && chosen !== "new" ? chosen : null;
  if (existing && !sim.state.accounts.has(existing)) return errorPage(`No account ${existing} to reconnect.`);
  const { code } = connectAccount(sim, {
    account: existing,
    livemode: form.get("mode") === "live",
    email: form.get("email") || null,
    businessName: form.get("business_name") || null,
    redirectUri: request.redirectUri,
    scope: request.scope,
  });
  return redirectTo(request.redirectUri, { code, scope: request.scope, state: request.state });
}
