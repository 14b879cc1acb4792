import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("cursor", () => {
  it("round-trips a key with microseconds", () => {
    const key = { at: "2026-11-26T12:00:00.123456Z", id: "lead_abc" };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it("treats anything else as no cursor", () => {
    const bad = [
      null,
      "",
      "not-base64!",
      Buffer.from("{}").toString("base64url"),
      encodeCursor({ at: "yesterday", id: "x" }),
      encodeCursor({ at: "2026-11-26T12:00:00Z", id: "'; drop table leads; --" }),
      "a".repeat(500),
    ];
    for (const cursor of bad) expect(decodeCursor(cursor)).toBeNull();
  });
});
