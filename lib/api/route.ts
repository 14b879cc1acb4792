import { createHash } from "node:crypto";
import { getDb } from "@/db";
import { merchantIdForPrivateKey } from "@/db/queries/api-keys";
import { AppError, unauthorized } from "@/lib/errors";
import { readTextLimited } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/error-answer";
import { limitRules, limitStore } from "@/lib/limits";
import { consume, type Decision, rateLimitHeaders, waitText } from "@/lib/limits/limiter";

/** REST API v1 plumbing (SPEC §8): bearer private key, JSON in and out, one error shape. */

export function apiError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

async function authenticate(req: Request): Promise<{ merchantId: string; key: string }> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized("Send your private key as `Authorization: Bearer lt_sk_…`");
  const merchantId = await merchantIdForPrivateKey(await getDb(), match[1]!);
  if (!merchantId) throw unauthorized("Invalid API key");
  return { merchantId, key: match[1]! };
}

/** Requests per key (SPEC §13): counted in the shared store, so every process sees the same total. */
async function countRequest(key: string): Promise<Decision> {
  const id = createHash("sha256").update(key).digest("base64url").slice(0, 22);
  return consume(await limitStore(), `api:${id}`, limitRules().apiKey);
}

export interface ApiContext<P> {
  merchantId: string;
  params: P;
  req: Request;
}

/** Wraps a handler: authenticates, scopes to the key's merchant, maps errors to statuses. */
export function apiRoute<P = Record<string, never>>(handler: (ctx: ApiContext<P>) => Promise<Response>) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      const { merchantId, key } = await authenticate(req);
      const limit = await countRequest(key);
      if (!limit.allowed) {
        const message = `Too many requests for this API key. Try again in ${waitText(limit.resetSeconds)}.`;
        return withHeaders(apiError(429, "rate_limited", message), {
          "retry-after": String(limit.resetSeconds),
          ...rateLimitHeaders(limit),
        });
      }
      const params = ((await context?.params) ?? {}) as P;
      return withHeaders(await handler({ merchantId, params, req }), rateLimitHeaders(limit));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

/** Largest request body the API reads; the rest is refused with 413 without being read. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON object body: a content type other than JSON is a 415, a body over the limit a
 * 413 (stopped as soon as it is known), and anything but a JSON object a 400.
 */
export async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  if (!JSON_TYPE.test(req.headers.get("content-type") ?? "")) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "Send the body as JSON with `Content-Type: application/json`",
    );
  }
  const text = await readLimited(req, MAX_BODY_BYTES);
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the clear message below
  }
  throw new AppError(400, "invalid_json", "Request body must be a JSON object");
}

const tooLarge = () =>
  new AppError(413, "payload_too_large", `Request body is too large (at most ${MAX_BODY_BYTES / 1024} KB)`);

async function readLimited(req: Request, limit: number): Promise<string> {
  const text = await readTextLimited(req, limit);
  if (text === null) throw tooLarge();
  return text;
}

/**
 * For the methods a resource does not support: Next would answer 405 with an empty body;
 * the API answers in its own error shape and names the allowed methods.
 */
export function methodNotAllowed(...allowed: string[]) {
  const allow = allowed.join(", ");
  return async (): Promise<Response> => {
    const res = apiError(405, "method_not_allowed", `This endpoint supports ${allow}`);
    res.headers.set("allow", allow);
    return res;
  };
}
