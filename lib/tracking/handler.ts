import type { z } from "zod";
import type { Database } from "@/db";
import { errorAnswer } from "@/lib/http/error-answer";
import { appTrackLimiter } from "@/lib/limits";
import type { TrackLimiter, TrackVerdict } from "@/lib/limits/tracking";
import { type ClientHashes, clientHashes } from "./client-hash";
import { recordLead, recordPurchase, recordVisit } from "./ingest";
import { merchantForKey, type TrackingMerchant } from "./lookups";
import { describeIssue, leadSchema, MAX_BODY_BYTES, purchaseSchema, visitSchema } from "./validation";

/**
 * The tracking API (/api/track/visit|lead|purchase), free of any HTTP framework: the custom
 * server's fast path (lib/tracking/node.ts) and the Next route handler (lib/tracking/web.ts)
 * both adapt their requests to this.
 */
export interface TrackRequest {
  method: string;
  /** The path after /api/track/. */
  endpoint: string;
  origin: string | null;
  contentType: string | null;
  /** null when the body was larger than MAX_BODY_BYTES and left unread. */
  body: string | null;
  /** The client's address (lib/limits/client-ip.ts); null when not known. */
  ip?: string | null;
  userAgent?: string | null;
}

export interface TrackResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export const TRACK_PREFIX = "/api/track/";

/**
 * Any site may call these endpoints from the browser; per-merchant origin rules are enforced on
 * the server, where a refused request stores nothing. No credentials are involved, hence `*`.
 */
export const TRACK_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "86400",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

type Endpoint<S extends z.ZodType> = {
  schema: S;
  run(db: Database, merchant: TrackingMerchant, input: z.infer<S>, client: ClientHashes): Promise<unknown>;
};
const endpoint = <S extends z.ZodType>(e: Endpoint<S>) => e as unknown as Endpoint<z.ZodType>;

const ENDPOINTS: Record<string, Endpoint<z.ZodType>> = {
  visit: endpoint({
    schema: visitSchema,
    run: (db, m, input, client) => recordVisit(db, m, input, new Date(), client),
  }),
  lead: endpoint({
    schema: leadSchema,
    run: (db, m, input, client) => recordLead(db, m, input, new Date(), client),
  }),
  purchase: endpoint({
    schema: purchaseSchema,
    run: (db, m, input, client) => recordPurchase(db, m, input, new Date(), client),
  }),
};

const ok = (status: number): TrackResponse => ({ status, headers: TRACK_HEADERS, body: null });

export function trackError(status: number, code: string, message: string, extra?: Record<string, string>) {
  return {
    status,
    headers: { ...TRACK_HEADERS, "content-type": "application/json", ...extra },
    body: JSON.stringify({ error: { code, message } }),
  } satisfies TrackResponse;
}

export const payloadTooLarge = () =>
  trackError(413, "payload_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`, {
    connection: "close",
  });

const limited = (verdict: Exclude<TrackVerdict, { allowed: true }>) =>
  trackError(
    429,
    "rate_limited",
    verdict.scope === "ip"
      ? `Too many tracking requests from this address. Try again in ${verdict.retryAfterSeconds} s.`
      : `Too many tracking requests for this site. Try again in ${verdict.retryAfterSeconds} s.`,
    { "retry-after": String(verdict.retryAfterSeconds) },
  );

export async function handleTrack(
  db: () => Promise<Database>,
  req: TrackRequest,
  limiter: TrackLimiter = appTrackLimiter(),
): Promise<TrackResponse> {
  if (req.method === "OPTIONS") return ok(204);
  // Per address first: a flood is refused before its body is even parsed.
  const byIp = limiter.checkIp(req.ip ?? null);
  if (!byIp.allowed) return limited(byIp);
  const target = Object.hasOwn(ENDPOINTS, req.endpoint) ? ENDPOINTS[req.endpoint] : undefined;
  if (!target) return trackError(404, "not_found", "Unknown tracking endpoint: use visit, lead or purchase.");
  if (req.method !== "POST") {
    return trackError(405, "method_not_allowed", "Use POST.", { allow: "POST, OPTIONS" });
  }
  if (req.body === null) return payloadTooLarge();
  const type = req.contentType?.split(";")[0]?.trim().toLowerCase();
  // text/plain is what navigator.sendBeacon sends for a string body.
  if (type && type !== "application/json" && type !== "text/plain") {
    return trackError(415, "unsupported_media_type", "Send a JSON body (application/json or text/plain).");
  }
  let json: unknown;
  try {
    json = JSON.parse(req.body);
  } catch {
    return trackError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return trackError(400, "invalid_request", "The body must be a JSON object.");
  }
  const parsed = target.schema.safeParse(json);
  if (!parsed.success) return trackError(400, "invalid_request", describeIssue(parsed.error));
  const input = parsed.data as { key: string };

  try {
    const database = await db();
    const merchant = await merchantForKey(database, input.key);
    if (!merchant) {
      return trackError(
        404,
        "unknown_key",
        "Unknown public key: copy the snippet from Settings → Tracking in your Leadtrail dashboard.",
      );
    }
    const byKey = limiter.checkKey(merchant.id);
    if (!byKey.allowed) return limited(byKey);
    if (!merchant.origins(req.origin)) {
      return trackError(
        403,
        "origin_not_allowed",
        "This site's origin is not among the key's allowed origins.",
      );
    }
    await target.run(database, merchant, parsed.data, clientHashes(req.ip, req.userAgent));
    return ok(204);
  } catch (error) {
    // Input was validated above, so what reaches here is mostly the server's own fault (database down).
    const { status, body } = errorAnswer(error, {
      label: "tracking request failed",
      internal: { code: "internal_error", message: "The event could not be recorded. Try again later." },
    });
    return trackError(status, body.error.code, body.error.message);
  }
}
