import { BlockList, isIP } from "node:net";

/**
 * The header the custom server writes with the client's address (scripts/server.ts) for code
 * that only sees a web Request (route handlers, server actions). Whatever a client sends under
 * this name is overwritten, never trusted.
 */
export const CLIENT_IP_HEADER = "x-leadtrail-client-ip";

/**
 * TRUSTED_PROXIES: addresses or CIDR ranges of the proxies in front of Leadtrail, comma
 * separated; `loopback` and `private` name the usual ranges. Empty: none, the socket decides.
 */
export function trustedProxies(spec: string | undefined): BlockList | null {
  if (!spec?.trim()) return null;
  const list = new BlockList();
  for (const raw of spec.split(",")) {
    const item = raw.trim();
    if (!item) continue;
    if (item === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    if (item === "private") {
      for (const [net, bits] of [
        ["10.0.0.0", 8],
        ["172.16.0.0", 12],
        ["192.168.0.0", 16],
      ] as const)
        list.addSubnet(net, bits, "ipv4");
      list.addSubnet("fc00::", 7, "ipv6");
      continue;
    }
    const [address, bits] = item.split("/");
    const family = isIP(address ?? "");
    if (!family) throw new Error(`TRUSTED_PROXIES: "${item}" is not an address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  return list;
}

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) as `1.2.3.4`. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then X-Forwarded-For
 * is read from the right (the hop nearest us) and the first address that is not a trusted proxy
 * is the client. Hops to its left were written by the client and prove nothing.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList | null,
): string {
  const socket = normalise(socketAddress ?? "");
  if (!trusted || !isTrusted(trusted, socket) || !forwardedFor) return socket || "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map(normalise)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return socket;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? socket;
}
