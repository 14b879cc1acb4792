import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@/db";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { handleTrack, TRACK_PREFIX, type TrackResponse } from "./handler";
import { isFresh, SCRIPT_HEADERS, trackScript } from "./script";
import { MAX_BODY_BYTES } from "./validation";

/**
 * The fast path of the custom server (scripts/server.ts): /track.js and /api/track/* are
 * answered here, before Next.js, which costs several times more per request than the work
 * itself (bench/track-ingest measures both).
 */
export function isTrackingPath(url: string | undefined): boolean {
  if (!url) return false;
  return url.startsWith(TRACK_PREFIX) || url === "/track.js" || url.startsWith("/track.js?");
}

export async function serveTracking(req: IncomingMessage, res: ServerResponse, db: () => Promise<Database>) {
  const url = req.url ?? "";
  if (!url.startsWith(TRACK_PREFIX)) return serveScript(req, res);
  const path = url.slice(TRACK_PREFIX.length).split("?")[0]!;
  let body: string | null = "";
  if (req.method === "POST") {
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch {
      // The client went away mid-body: nobody is left to answer.
      return void req.destroy();
    }
  }
  const response = await handleTrack(db, {
    method: req.method ?? "GET",
    endpoint: path,
    origin: header(req, "origin"),
    contentType: header(req, "content-type"),
    body,
    ip: header(req, CLIENT_IP_HEADER),
    userAgent: header(req, "user-agent"),
  });
  send(res, response);
}

function serveScript(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, { status: 405, headers: { allow: "GET, HEAD" }, body: null });
  }
  const script = trackScript();
  const headers: Record<string, string> = { ...SCRIPT_HEADERS, etag: script.etag, vary: "accept-encoding" };
  if (isFresh(header(req, "if-none-match"), script.etag)) {
    return send(res, { status: 304, headers, body: null });
  }
  const gzip = /\bgzip\b/.test(header(req, "accept-encoding") ?? "");
  const payload = gzip ? script.gzipped : Buffer.from(script.body);
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = String(payload.length);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : payload);
}

/** The body as text, or null once it passes `limit` bytes (the rest is never buffered). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Stop buffering; what still arrives is discarded and the connection closes after the 413.
      req.off("data", onData);
      req.off("end", onEnd);
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: TrackResponse) {
  res.writeHead(response.status, response.headers);
  res.end(response.body ?? undefined);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
