import { type Database, getDb } from "@/db";
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
  const body = req.method === "POST" ? await readBody(req, MAX_BODY_BYTES) : "";
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

async function readBody(req: Request, limit: number): Promise<string | null> {
  if (Number(req.headers.get("content-length")) > limit) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
