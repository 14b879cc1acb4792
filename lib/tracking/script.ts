import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** SPEC §3 budget for /track.js, gzipped. */
export const SCRIPT_BUDGET_BYTES = 1024;

export interface TrackScript {
  body: string;
  gzipped: Buffer;
  etag: string;
}

const SOURCE = path.join(process.cwd(), "lib", "tracking", "script", "track.js");

/**
 * The readable source minus comment lines, indentation and blank lines. Line breaks stay, so
 * semicolon insertion reads the script as it reads the source; the source has no comment after
 * code on a line and no template literal spanning lines, which this would break.
 */
export function buildTrackScript(source: string): string {
  return source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("//"))
    .join("\n");
}

let built: TrackScript | undefined;

/** Built once per process: the script only changes with a deploy. */
export function trackScript(): TrackScript {
  if (built) return built;
  const body = buildTrackScript(fs.readFileSync(SOURCE, "utf8"));
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  built = { body, gzipped: gzipSync(body, { level: 9 }), etag };
  return built;
}

export const SCRIPT_HEADERS = {
  "content-type": "text/javascript; charset=utf-8",
  // Short enough that a fix reaches every site within minutes; the ETag makes revalidation cheap.
  "cache-control": "public, max-age=300, stale-while-revalidate=86400",
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
} as const;

/** True when an If-None-Match header names the current script. */
export function isFresh(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}
