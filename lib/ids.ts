import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 string; rejection sampling keeps every character equally likely. */
export function randomToken(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export type IdPrefix =
  | "mer"
  | "usr"
  | "aff"
  | "lead"
  | "pur"
  | "com"
  | "pay"
  | "key"
  | "sc"
  | "job"
  | "aud"
  | "run"
  | "mail";

/** Opaque, prefixed identifiers shown to users and the API (SPEC §2). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}
