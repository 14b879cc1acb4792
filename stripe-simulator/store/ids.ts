import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Unguessable token for secrets (authorization codes, access tokens). */
export function randomToken(length: number, alphabet = BASE62): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * Ids are `prefix_` + a per-instance tag + a counter. Within one simulator they sort in creation
 * order, which keeps tests readable; the random tag keeps them unique across restarts, because the
 * app stores event and object ids under unique constraints and must never see one reused.
 */
export function createIdFactory(): (prefix: string) => string {
  const tag = randomToken(8);
  let counter = 0;
  return (prefix) => {
    counter += 1;
    return `${prefix}_${tag}${counter.toString(36).padStart(6, "0")}`;
  };
}
