import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trackScriptRoute } from "@/app/track.js/route";
import type { DbHandle } from "@/db";
import { visits } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { trackScript } from "./script";
import { createTestMerchant } from "./testing";
import { handleTrackWeb } from "./web";

/** The Next route handlers, used when Next serves requests itself (no custom server). */
let handle: DbHandle;
let publicKey: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  publicKey = (await createTestMerchant(handle.db)).publicKey;
});
afterAll(() => handle?.close());

const db = () => Promise.resolve(handle.db);
const visitCount = () =>
  handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(visits)
    .then((r) => r[0]!.n);

describe("route handlers", () => {
  it("records a visit like the fast path does", async () => {
    const res = await handleTrackWeb(
      new Request("http://app/api/track/visit", {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://shop.example" },
        body: JSON.stringify({ key: publicKey, tid: "web-visitor-1", url: "https://shop.example/" }),
      }),
      "visit",
      db,
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await visitCount()).toBe(1);
  });

  it("stops reading a streamed body at the limit", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(4096).fill(0x20));
      },
    });
    const res = await handleTrackWeb(
      new Request("http://app/api/track/visit", { method: "POST", body, duplex: "half" } as RequestInit),
      "visit",
      db,
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(await visitCount()).toBe(1);
  });

  it("serves /track.js with its ETag and 304 when unchanged", async () => {
    const { etag, body } = trackScript();
    const full = trackScriptRoute(new Request("http://app/track.js"));
    expect(full.status).toBe(200);
    expect(full.headers.get("etag")).toBe(etag);
    expect(await full.text()).toBe(body);
    const cached = trackScriptRoute(
      new Request("http://app/track.js", { headers: { "if-none-match": etag } }),
    );
    expect(cached.status).toBe(304);
  });
});
