/**
 * Security headers for every response (SPEC §13), shared by next.config.mjs (pages and route
 * handlers) and the custom server's fast paths (tracking, Stripe webhooks). Plain JavaScript so
 * next.config.mjs can import it.
 *
 * The App Router streams its payload through inline <script> tags, so scripts need
 * 'unsafe-inline' (a per-request nonce would force every page to render dynamically); the
 * policy still confines scripts, styles and connections to this origin, forbids plugins and
 * <base> tricks, and `frame-ancestors 'none'` stops the dashboard from being framed.
 * Development adds 'unsafe-eval' and websockets for React's debugging and hot reload.
 */

/**
 * @param {{ appUrl?: string, dev?: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ appUrl, dev = false } = {}) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  /** @type {Record<string, string>} */
  const headers = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
  };
  if (isHttps(appUrl)) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** @param {string | undefined} url */
function isHttps(url) {
  try {
    return url ? new URL(url).protocol === "https:" : false;
  } catch {
    return false;
  }
}
