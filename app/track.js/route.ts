import { isFresh, SCRIPT_HEADERS, trackScript } from "@/lib/tracking/script";

/** The tracking script; the custom server answers this path itself (lib/tracking/node.ts). */
export function GET(req: Request) {
  const script = trackScript();
  const headers = { ...SCRIPT_HEADERS, etag: script.etag };
  if (isFresh(req.headers.get("if-none-match"), script.etag))
    return new Response(null, { status: 304, headers });
  return new Response(script.body, { headers });
}
