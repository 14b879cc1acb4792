import { type Database, getDb } from "@/db";
import { readTextLimited } from "@/lib/http/body";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { handleTrack } from "./handler";
import { MAX_BODY_BYTES } from "./validation";

/**
 * The tracking API behind a Next route handler, for deployments that run Next without the
 * custom server (`next start`, serverless hosts). Same core as the fast path in lib/tracking/node.ts.
 */
export async function handleTrackWeb(
  req: Request,
  endpoint: string,
  db: () => Promise<Database> = getDb,
): Promise<Response> {
  const body = req.method === "POST" ? await readTextLimited(req, MAX_BODY_BYTES) : "";
  const result = await handleTrack(db, {
    method: req.method,
    endpoint,
    origin: req.headers.get("origin"),
    contentType: req.headers.get("content-type"),
    body,
    ip: req.headers.get(CLIENT_IP_HEADER),
    userAgent: req.headers.get("user-agent"),
  });
  const { connection: _hopByHop, ...headers } = result.headers;
  return new Response(result.body, { status: result.status, headers });
}
