import { describe, expect, it } from "vitest";
import { cursorParam, decodeCursor, encodeCursor } from "./cursor";

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
      // The right shape but no such instant: PostgreSQL would fail the query on these.
      encodeCursor({ at: "2026-13-45T25:61:61Z", id: "x" }),
      encodeCursor({ at: "2026-02-30T00:00:00Z", id: "x" }),
      encodeCursor({ at: "0000-01-01T00:00:00Z", id: "x" }),
      encodeCursor({ at: "2026-11-26T12:00:00Z", id: "'; drop table leads; --" }),
      "a".repeat(500),
    ];
    for (const cursor of bad) expect(decodeCursor(cursor)).toBeNull();
  });

  it("as a query parameter: absent is the first page, a forged one a 400", () => {
    expect(cursorParam(null)).toBeNull();
    expect(cursorParam("")).toBeNull();
    expect(() => cursorParam(encodeCursor({ at: "2026-13-45T25:61:61Z", id: "x" }))).toThrow(
      expect.objectContaining({ status: 400, code: "invalid_cursor" }),
    );
  });
});
