import { describe, expect, it } from "vitest";
import { errorOf, SHOP, type TrackBody, tid, trackingTestbed, visitBody } from "./api-testing";
import { handleTrack } from "./handler";

/** The tracking API's answers to what it must refuse: 4xx, a clear message, and nothing stored. */
const { bed, call, counts, setSettings } = trackingTestbed();

describe("rejected requests store nothing", () => {
  const cases: [string, string, TrackBody, number, string][] = [
    ["unknown key", "visit", visitBody({ key: "lt_pk_000000000000000000000000" }), 404, "unknown_key"],
    ["a key that is not a key", "visit", visitBody({ key: "'; drop table visits; --" }), 404, "unknown_key"],
    ["a key of the wrong type", "visit", visitBody({ key: 12345 }), 400, "invalid_request"],
    ["no key", "visit", { tid: tid(1), url: "https://shop.example/" }, 400, "invalid_request"],
    ["not JSON", "visit", "key=abc&url=x", 400, "invalid_json"],
    ["a JSON array", "visit", "[1,2,3]", 400, "invalid_request"],
    ["JSON null", "visit", "null", 400, "invalid_request"],
    ["an empty body", "visit", "", 400, "invalid_json"],
    ["a missing tracking id", "visit", visitBody({ tid: undefined }), 400, "invalid_request"],
    [
      "a tracking id with markup",
      "visit",
      visitBody({ tid: "<script>alert(1)</script>" }),
      400,
      "invalid_request",
    ],
    ["a javascript: URL", "visit", visitBody({ url: "javascript:alert(1)" }), 400, "invalid_request"],
    ["a URL of the wrong type", "visit", visitBody({ url: { href: "https://x" } }), 400, "invalid_request"],
    [
      "a NUL byte in the URL",
      "visit",
      visitBody({ url: "https://shop.example/\u0000" }),
      400,
      "invalid_request",
    ],
    [
      "a URL too long",
      "visit",
      visitBody({ url: `https://shop.example/?${"a".repeat(5000)}` }),
      400,
      "invalid_request",
    ],
    ["a referrer that is not a URL", "visit", visitBody({ referrer: "<script>" }), 400, "invalid_request"],
    ["an invalid email", "lead", { key: "", email: "x" }, 400, "invalid_request"],
    [
      "markup as an email",
      "lead",
      { key: SHOP, email: "<script>alert(1)</script>@x.com" },
      400,
      "invalid_request",
    ],
    [
      "nested lead data",
      "lead",
      { key: SHOP, email: "a@b.co", data: { a: { b: 1 } } },
      400,
      "invalid_request",
    ],
    [
      "a NUL byte in lead data",
      "lead",
      { key: SHOP, email: "a@b.co", data: { a: "x\u0000" } },
      400,
      "invalid_request",
    ],
    [
      "a fractional amount",
      "purchase",
      { key: SHOP, email: "a@b.co", purchase_code: "p1", amount: 12.5, currency: "usd" },
      400,
      "invalid_request",
    ],
    [
      "an amount as text",
      "purchase",
      { key: SHOP, email: "a@b.co", purchase_code: "p1", amount: "100", currency: "usd" },
      400,
      "invalid_request",
    ],
    [
      "a negative amount",
      "purchase",
      { key: SHOP, email: "a@b.co", purchase_code: "p1", amount: -1, currency: "usd" },
      400,
      "invalid_request",
    ],
    [
      "a bad currency",
      "purchase",
      { key: SHOP, email: "a@b.co", purchase_code: "p1", amount: 100, currency: "dollars" },
      400,
      "invalid_request",
    ],
    [
      "a purchase code with spaces",
      "purchase",
      { key: SHOP, email: "a@b.co", purchase_code: "p 1", amount: 1, currency: "usd" },
      400,
      "invalid_request",
    ],
  ];
  for (const [label, endpoint, body, status, code] of cases) {
    it(`${label} → ${status}`, async () => {
      const before = await counts();
      const res = await call(endpoint, body);
      expect(res.status).toBe(status);
      expect(errorOf(res).code).toBe(code);
      expect(errorOf(res).message.length).toBeGreaterThan(5);
      expect(await counts()).toEqual(before);
    });
  }

  it("survives deep nesting and prototype keys without a 5xx or a polluted prototype", async () => {
    const before = await counts();
    const deep = `{"key":"k","tid":"abcdefgh1","url":${"[".repeat(4000)}${"]".repeat(4000)}}`;
    expect((await call("visit", deep)).status).toBe(400);
    const data = JSON.parse('{"__proto__":{"polluted":1},"plan":"pro"}');
    const res = await call("lead", { key: SHOP, email: "proto@example.com", data });
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await counts()).visits).toBe(before.visits);
  });

  it("names the field at fault", async () => {
    expect(errorOf(await call("visit", visitBody({ url: "ftp://x" }))).message).toBe(
      "url: must be an http(s) URL",
    );
    expect(
      errorOf(await call("visit", visitBody({ key: "lt_pk_000000000000000000000000" }))).message,
    ).toMatch(/Unknown public key/);
  });

  it("refuses a body too large, other media types, other methods and unknown endpoints", async () => {
    const before = await counts();
    const tooLarge = await handleTrack(() => Promise.resolve(bed.handle.db), {
      method: "POST",
      endpoint: "visit",
      origin: null,
      contentType: "application/json",
      body: null,
    });
    expect(tooLarge.status).toBe(413);
    expect((await call("visit", visitBody(), { type: "multipart/form-data; boundary=x" })).status).toBe(415);
    expect((await call("visit", visitBody(), { method: "GET" })).status).toBe(405);
    expect((await call("visits", visitBody())).status).toBe(404);
    expect((await call("__proto__", visitBody())).status).toBe(404);
    expect((await call("constructor", visitBody())).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("answers preflights", async () => {
    const res = await call("visit", "", { method: "OPTIONS", type: null });
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "content-type",
    });
  });

  it("accepts JSON and sendBeacon's text/plain, and a body without a type", async () => {
    for (const type of ["application/json", "text/plain;charset=UTF-8", null]) {
      expect(
        (await call("visit", visitBody({ tid: tid(`t${type}`.replace(/\W/g, "")) }), { type })).status,
      ).toBe(204);
    }
  });

  it("enforces the merchant's allowed origins", async () => {
    await setSettings(bed.shop.id, {
      allowedOrigins: ["https://shop.example", "https://*.shop-cdn.example"],
    });
    const before = await counts();
    for (const origin of ["https://evil.example", "http://shop.example", "null", ""]) {
      const res = await call("visit", visitBody({ tid: tid("o1") }), { origin });
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe("origin_not_allowed");
    }
    expect(await counts()).toEqual(before);
    expect(
      (await call("visit", visitBody({ tid: tid("o2") }), { origin: "https://shop.example" })).status,
    ).toBe(204);
    expect(
      (await call("visit", visitBody({ tid: tid("o3") }), { origin: "https://eu.shop-cdn.example" })).status,
    ).toBe(204);
  });
});
