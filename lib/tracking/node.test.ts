import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { visits } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { isTrackingPath, serveTracking } from "./node";
import { SCRIPT_BUDGET_BYTES, trackScript } from "./script";
import { createTestMerchant } from "./testing";

/** The fast path over real HTTP: what a browser or a hostile client actually sends. */
let handle: DbHandle;
let server: http.Server;
let base: string;
let publicKey: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  publicKey = (await createTestMerchant(handle.db)).publicKey;
  server = http.createServer((req, res) => {
    if (isTrackingPath(req.url)) void serveTracking(req, res, () => Promise.resolve(handle.db));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await handle?.close();
});

const visitCount = () =>
  handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(visits)
    .then((r) => r[0]!.n);

/** A raw request, so bodies can be streamed without a length and sizes chosen freely. */
function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] },
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request(
        `${base}${path}`,
        { method: options.method ?? "POST", headers: options.headers },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (c: Buffer) => parts.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
          );
        },
      );
      req.on("error", reject);
      const chunks = options.chunks ?? [];
      // Write slowly enough that the server answers mid-stream, as it must for a huge body.
      const write = (i: number) => {
        if (i === chunks.length) return void req.end();
        if (req.destroyed) return;
        req.write(chunks[i]!, () => setImmediate(() => write(i + 1)));
      };
      write(0);
    },
  );
}

describe("/track.js", () => {
  it("serves the script gzipped within its budget, with an ETag", async () => {
    const res = await rawRequest("/track.js", { method: "GET", headers: { "accept-encoding": "gzip, br" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["cache-control"]).toMatch(/max-age=\d+/);
    expect(res.headers.etag).toBe(trackScript().etag);
    expect(res.body.length).toBeLessThanOrEqual(SCRIPT_BUDGET_BYTES);
    expect(gunzipSync(res.body).toString()).toBe(trackScript().body);
  });

  it("answers 304 to a matching If-None-Match, and plain text without gzip", async () => {
    const { etag } = trackScript();
    const fresh = await rawRequest("/track.js", { method: "GET", headers: { "if-none-match": `W/${etag}` } });
    expect(fresh.status).toBe(304);
    expect(fresh.body.length).toBe(0);
    const plain = await rawRequest("/track.js?v=2", {
      method: "GET",
      headers: { "if-none-match": '"stale"' },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain("Leadtrail");
    expect((await rawRequest("/track.js", { method: "POST" })).status).toBe(405);
  });
});

describe("/api/track over HTTP", () => {
  const visitBody = (tid: string) => JSON.stringify({ key: publicKey, tid, url: "https://shop.example/" });

  it("answers a CORS preflight", async () => {
    const res = await rawRequest("/api/track/lead", {
      method: "OPTIONS",
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-allow-headers"]).toBe("content-type");
  });

  it("accepts a sendBeacon body (text/plain) and a JSON one", async () => {
    const before = await visitCount();
    for (const type of ["text/plain;charset=UTF-8", "application/json"]) {
      const res = await fetch(`${base}/api/track/visit`, {
        method: "POST",
        headers: { "content-type": type, origin: "https://shop.example" },
        body: visitBody(`http-${type.length}-visitor`),
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect(await visitCount()).toBe(before + 2);
  });

  it("refuses an unknown key with a clear 404", async () => {
    const res = await fetch(`${base}/api/track/visit`, {
      method: "POST",
      body: JSON.stringify({ key: "lt_pk_nope", tid: "abcdefgh12", url: "https://x.example/" }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      error: { code: "unknown_key", message: expect.stringContaining("Unknown public key") },
    });
  });

  it("refuses a declared huge body with 413 without reading it", async () => {
    const before = await visitCount();
    const res = await fetch(`${base}/api/track/visit`, { method: "POST", body: "x".repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(await visitCount()).toBe(before);
  });

  it("refuses a streamed body once it passes the limit", async () => {
    const before = await visitCount();
    const chunk = Buffer.alloc(4096, 0x20);
    const res = await rawRequest("/api/track/visit", {
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks: [
        Buffer.from(visitBody("stream-visitor-1").slice(0, -1)),
        ...Array(64).fill(chunk),
        Buffer.from("}"),
      ],
    });
    expect(res.status).toBe(413);
    expect(await visitCount()).toBe(before);
  });

  it("accepts a body just under the limit", async () => {
    const padded = JSON.stringify({
      key: publicKey,
      tid: "near-limit-1",
      url: "https://shop.example/",
      pad: "x".repeat(7900),
    });
    expect(Buffer.byteLength(padded)).toBeLessThan(8192);
    const res = await fetch(`${base}/api/track/visit`, { method: "POST", body: padded });
    expect(res.status).toBe(204);
  });
});
