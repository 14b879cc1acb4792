/**
 * Where to send someone after sign-in: only a path on this site. Browsers treat `\` like `/`
 * and drop tabs and newlines inside URLs, so `/\evil.example` or `/\t/evil.example` would
 * leave the site; such values, absolute URLs and protocol-relative ones fall back to `fallback`.
 */
export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/")) return fallback;
  // Backslashes, control characters and whitespace have no place in a path we issue.
  if (value.includes("\\") || /\s/.test(value) || hasControl(value)) return fallback;
  if (value.startsWith("//")) return fallback;
  let decoded = value;
  try {
    // Encoded forms (`/%2F%2Fevil`, `/%5Cevil`) are checked once decoded too.
    for (let i = 0; i < 3 && decoded.includes("%"); i++) decoded = decodeURIComponent(decoded);
  } catch {
    return fallback;
  }
  if (decoded.includes("\\") || hasControl(decoded) || /^\/\s*\//.test(decoded)) return fallback;
  // Final word: resolved against a placeholder origin, the result must stay on it.
  const base = "http://leadtrail.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Same rule for an absolute URL on this app (next-auth's redirect callback): path or fallback. */
export function sameOriginRedirect(url: string, baseUrl: string, fallback: string): string {
  if (url.startsWith("/")) {
    const path = safeCallbackPath(url, fallback);
    return new URL(path, baseUrl).toString();
  }
  try {
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin) {
      const path = safeCallbackPath(`${target.pathname}${target.search}${target.hash}`, fallback);
      return new URL(path, baseUrl).toString();
    }
  } catch {
    // not a URL: fall back below
  }
  return new URL(fallback, baseUrl).toString();
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
