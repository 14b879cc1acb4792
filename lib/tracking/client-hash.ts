import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Visits and leads keep a keyed hash of the client's address and user agent, never the values:
 * enough to see many leads from one address (lib/fraud/signals.ts), not enough to learn the
 * address back. A plain hash of an IPv4 address is undone by trying all 2^32; keyed with the
 * installation's secret it cannot be. Development without a secret uses a fixed key.
 */
let key: string | undefined;

export function clientHash(value: string | null | undefined): string | null {
  if (!value) return null;
  key ??= `leadtrail-client-hash:${env().NEXTAUTH_SECRET ?? "development"}`;
  return createHmac("sha256", key).update(value).digest("base64url").slice(0, 22);
}

export interface ClientHashes {
  ipHash: string | null;
  uaHash: string | null;
}

export function clientHashes(
  ip: string | null | undefined,
  userAgent: string | null | undefined,
): ClientHashes {
  return { ipHash: clientHash(ip), uaHash: clientHash(userAgent?.slice(0, 512)) };
}
