/**
 * Per-merchant allowed origins for the tracking endpoints. An empty list allows any origin.
 * Entries are exact origins (`https://shop.example`) or a subdomain wildcard
 * (`https://*.example.com`, which also matches `https://example.com`).
 */
export type OriginMatcher = (origin: string | null) => boolean;

export function compileOrigins(allowed: string[]): OriginMatcher {
  if (!allowed.length) return () => true;
  const exact = new Set<string>();
  const wildcards: { scheme: string; suffix: string }[] = [];
  for (const entry of allowed) {
    const match = /^(https?):\/\/\*\.(.+)$/.exec(entry.toLowerCase());
    if (match) wildcards.push({ scheme: match[1]!, suffix: match[2]! });
    else exact.add(entry.toLowerCase());
  }
  return (origin) => {
    // A browser always names the page's origin on these cross-site requests; without one
    // (or with "null", from sandboxed frames) a restricted key refuses.
    if (!origin || origin === "null") return false;
    const lower = origin.toLowerCase();
    if (exact.has(lower)) return true;
    const parsed = /^(https?):\/\/([^/]+)$/.exec(lower);
    if (!parsed) return false;
    const [, scheme, host] = parsed;
    return wildcards.some(
      (w) => w.scheme === scheme && (host === w.suffix || host!.endsWith(`.${w.suffix}`)),
    );
  };
}

/**
 * Normalises what a merchant typed into an origin entry, or null when it is not one.
 * `https://Shop.example/` → `https://shop.example`; paths and queries are not allowed.
 */
export function normalizeOrigin(input: string): string | null {
  const value = input.trim();
  const wildcard = /^(https?):\/\/\*\.([a-z0-9.-]+(?::\d{1,5})?)\/?$/i.exec(value);
  if (wildcard) {
    const rest = normalizeOrigin(`${wildcard[1]}://${wildcard[2]}`);
    return rest ? rest.replace("://", "://*.") : null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== "/" && url.pathname !== "")
  ) {
    return null;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return null;
  return url.origin;
}
