/**
 * The HTTP front door, in the order Stripe applies its checks: injected faults (they stand for
 * trouble before the API runs), the API key, the Stripe-Account header, the per-account rate
 * limit, idempotency, then the route. Every API request is logged in `state.requests`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkPermission } from "./accounts/api-keys";
import type { PageResponse } from "./accounts/oauth-authorize";
import { oauthDeauthorize, oauthToken } from "./accounts/oauth-token";
import { apiError, rateLimited, SimulatorError, serverError } from "./http/errors";
import { applyExpand } from "./http/expand";
import type { FaultInjector } from "./http/faults";
import { canonical, type Params, parseForm } from "./http/form";
import type { IdempotencyStore } from "./http/idempotency";
import { expandPaths, rejectUnknown } from "./http/params";
import type { RateLimiter } from "./http/rate-limiter";
import { matchRoute, type Route } from "./http/router";
import { API_VERSION } from "./store/objects";
import type { RequestLogEntry, SimAccount, SimContext } from "./store/state";

export interface ServerParts {
  sim: SimContext;
  routes: readonly Route[];
  limiter: RateLimiter;
  faults: FaultInjector;
  idempotency: IdempotencyStore;
  /** Browser pages outside the API (OAuth authorize, hosted Checkout). */
  pages: (method: string, url: URL, body: string) => Promise<PageResponse | null>;
}

const MAX_LOGGED_REQUESTS = 10_000;

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function createRequestListener(parts: ServerParts) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(parts, req, res).catch((error: unknown) => {
      console.error("Stripe simulator: unhandled error", error);
      if (!res.headersSent) send(res, { status: 500, body: serverError(500).body });
    });
  };
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { sim } = parts;
  const url = new URL(req.url ?? "/", "http://simulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const raw = await readBody(req);
  const page = await parts.pages(method, url, raw);
  if (page) {
    res.writeHead(page.status, page.headers).end(page.body);
    return;
  }
  const requestId = sim.newId("req");
  const params = method === "POST" && raw ? parseForm(raw) : parseForm(url.search.slice(1));
  const entry: RequestLogEntry = {
    requestId,
    method,
    path: url.pathname,
    account: header(req, "stripe-account"),
    idempotencyKey: header(req, "idempotency-key"),
    params,
    status: 0,
    at: Date.now(),
  };
  sim.state.requests.push(entry);
  // A long local session must not grow without bound; tests look at recent requests only.
  if (sim.state.requests.length > MAX_LOGGED_REQUESTS) sim.state.requests.shift();
  const answer = await answerRequest(parts, req, entry, params);
  entry.status = answer.status;
  send(res, { ...answer, headers: { "Request-Id": requestId, ...answer.headers } });
}

async function answerRequest(
  parts: ServerParts,
  req: IncomingMessage,
  entry: RequestLogEntry,
  params: Params,
): Promise<Answer> {
  const { sim } = parts;
  const fault = parts.faults.decide(entry.path);
  if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.status !== null) {
    entry.note = "fault";
    return { status: fault.status, body: serverError(fault.status).body };
  }
  try {
    const key = bearerKey(req, entry.path === "/oauth/token" ? params.client_secret : undefined);
    if (key === null) {
      throw apiError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    if (key !== sim.config.secretKey) return await answerOwnKey(parts, entry, params, key);
    if (entry.method === "POST" && entry.path === "/oauth/token") {
      return { status: 200, body: oauthToken(sim, params) };
    }
    if (entry.method === "POST" && entry.path === "/oauth/deauthorize") {
      return { status: 200, body: oauthDeauthorize(sim, params) };
    }
    const account = resolveAccount(sim, entry.account, key);
    return route(parts, entry, params, account);
  } catch (error) {
    return toAnswer(error);
  }
}

/**
 * A key of the account's own (secret or restricted): it acts on its account, with no
 * Stripe-Account header; a restricted key only within its permissions. A revoked key is
 * unknown to Stripe from then on (401).
 */
async function answerOwnKey(parts: ServerParts, entry: RequestLogEntry, params: Params, key: string) {
  const record = parts.sim.state.apiKeys.get(key);
  if (!record || record.revoked) {
    throw apiError(401, "invalid_request_error", `Invalid API Key provided: ${redact(key)}`);
  }
  if (entry.path.startsWith("/oauth/")) {
    throw apiError(401, "invalid_request_error", "This API call cannot be made with this API key.");
  }
  const account = parts.sim.state.accounts.get(record.account);
  if (!account || (entry.account && entry.account !== record.account)) {
    throw apiError(
      403,
      "invalid_request_error",
      `The provided key '${redact(key)}' does not have access to account '${entry.account}' (or that account does not exist). Application access may have been revoked.`,
      { code: "account_invalid" },
    );
  }
  const matched = matchRoute(parts.routes, entry.method, entry.path);
  if (matched) checkPermission(record, entry.method, entry.path, redact(key));
  return route(parts, entry, params, account);
}

async function route(parts: ServerParts, entry: RequestLogEntry, params: Params, account: SimAccount) {
  const { sim } = parts;
  try {
    if (!parts.limiter.take(account.id)) {
      entry.note = "rate_limited";
      throw rateLimited();
    }
    const matched = matchRoute(parts.routes, entry.method, entry.path);
    if (!matched) {
      throw apiError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${entry.method}: ${entry.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const run = (): Answer => {
      rejectUnknown(params, matched.route.params);
      const body = matched.route.handle({ sim, account, params, path: matched.path });
      return { status: 200, body: applyExpand(account, body, expandPaths(params)) };
    };
    if (entry.method !== "POST" || !entry.idempotencyKey) return run();
    const fingerprint = `${entry.path} ${canonical(params)}`;
    const check = parts.idempotency.begin(account.id, entry.idempotencyKey, fingerprint);
    if (check.kind === "error") throw check.error;
    if (check.kind === "replay") {
      entry.note = "replayed";
      const { status, body, requestId } = check.response;
      return { status, body, headers: { "Idempotent-Replayed": "true", "Original-Request": requestId } };
    }
    const answer = safely(run);
    check.finish({ status: answer.status, body: answer.body, requestId: entry.requestId });
    return answer;
  } catch (error) {
    return toAnswer(error);
  }
}

function safely(run: () => Answer): Answer {
  try {
    return run();
  } catch (error) {
    return toAnswer(error);
  }
}

/** A bug in the simulator answers 500 like Stripe would, and is logged so it gets fixed. */
function toAnswer(error: unknown): Answer {
  if (error instanceof SimulatorError) return { status: error.status, body: error.body };
  console.error("Stripe simulator: handler failed", error);
  return { status: 500, body: serverError(500).body };
}

/** The Stripe-Account header picks a connected account; a revoked or unknown one is a 403. */
function resolveAccount(sim: SimContext, id: string | null, key: string): SimAccount {
  if (!id || id === sim.state.platform.id) return sim.state.platform;
  const account = sim.state.accounts.get(id);
  if (!account || account.deauthorized) {
    throw apiError(
      403,
      "invalid_request_error",
      `The provided key '${redact(key)}' does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
      { code: "account_invalid" },
    );
  }
  return account;
}

function bearerKey(req: IncomingMessage, clientSecret: unknown): string | null {
  if (typeof clientSecret === "string" && clientSecret) return clientSecret;
  const auth = req.headers.authorization ?? "";
  if (/^bearer /i.test(auth)) return auth.slice(7).trim() || null;
  if (/^basic /i.test(auth)) {
    // Stripe also accepts the key as the Basic-auth user name (curl -u sk_test_...:).
    return Buffer.from(auth.slice(6), "base64").toString().split(":")[0] || null;
  }
  return null;
}

function redact(key: string): string {
  return key.length <= 12
    ? "*".repeat(key.length)
    : `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, {
    "Content-Type": "application/json",
    "Stripe-Version": API_VERSION,
    ...answer.headers,
  });
  res.end(JSON.stringify(answer.body, null, 2));
}
