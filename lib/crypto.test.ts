import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "./crypto";

const key = randomBytes(32).toString("hex");

describe("secret encryption", () => {
  it("round-trips and never stores the plain text", () => {
    const sealed = encryptSecret("sk_live_token_123", key);
    expect(sealed).not.toContain("sk_live_token_123");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed, key)).toBe("sk_live_token_123");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses another key and tampered ciphertext", () => {
    const sealed = encryptSecret("secret", key);
    expect(() => decryptSecret(sealed, randomBytes(32).toString("hex"))).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
  });

  it("accepts 32-byte keys in hex or base64 only", () => {
    expect(parseEncryptionKey(randomBytes(32).toString("base64")).length).toBe(32);
    expect(() => parseEncryptionKey("short")).toThrow(/32 bytes/);
  });
});
