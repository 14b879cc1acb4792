import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "@/db";
import { createTestDatabase } from "@/db/testing";
import { handleTrack } from "@/lib/tracking/handler";
import { createTestMerchant } from "@/lib/tracking/testing";
import { databaseStore } from "./store";
import { TrackLimiter } from "./tracking";

let handle: DbHandle & { url?: string };
let shop: { id: string; publicKey: string };
let other: { id: string; publicKey: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  shop = await createTestMerchant(handle.db);
  other = await createTestMerchant(handle.db);
});
afterAll(async () => handle?.close());

let visitor = 0;
const visit = (limiter: TrackLimiter, key: string, ip: string) =>
  handleTrack(
    () => Promise.resolve(handle.db),
    {
      method: "POST",
      endpoint: "visit",
      origin: "https://shop.example",
      contentType: "text/plain",
      body: JSON.stringify({ key, tid: `visitor-${++visitor}`, url: "https://shop.example/" }),
      ip,
    },
    limiter,
  );

describe("tracking limits", () => {
  it("throttle a flood from one address while other addresses go on", async () => {
    const limiter = new TrackLimiter({
      ip: { points: 10, windowMs: 1000 },
      key: { points: 100_000, windowMs: 1000 },
    });
    const flood = [];
    for (let i = 0; i < 120; i++) flood.push(await visit(limiter, shop.publicKey, "198.51.100.66"));
    const statuses = flood.map((r) => r.status);
    // A burst of four seconds' worth, then refusals (a few may refill while the loop runs).
    expect(statuses.slice(0, 40).every((s) => s === 204)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(60);
    const refused = flood.find((r) => r.status === 429)!;
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body!).error.code).toBe("rate_limited");
    for (let i = 0; i < 20; i++)
      expect((await visit(limiter, shop.publicKey, `203.0.113.${i}`)).status).toBe(204);
  });

  it("throttle a flood against one site's key while another site's visitors are unaffected", async () => {
    const limiter = new TrackLimiter({
      ip: { points: 1000, windowMs: 1000 },
      key: { points: 30, windowMs: 1000 },
    });
    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await visit(limiter, shop.publicKey, `10.9.${i}.1`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(20);
    for (let i = 0; i < 20; i++)
      expect((await visit(limiter, other.publicKey, `10.8.${i}.1`)).status).toBe(204);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("tracking limits across processes", () => {
  it("cut a flood spread over two processes, which neither would see alone", async () => {
    const second = await openDatabase({ url: handle.url! });
    try {
      let clock = 1_000_000;
      const now = () => clock;
      const rules = { ip: { points: 100, windowMs: 1000 }, key: { points: 1_000_000, windowMs: 1000 } };
      const a = new TrackLimiter(rules, databaseStore(handle.db), now);
      const b = new TrackLimiter(rules, databaseStore(second.db), now);
      const alone = new TrackLimiter(rules, null, now);
      const ip = "192.0.2.200";
      // 100 a second each: within each process's own rate, twice the rate in total.
      for (let second = 0; second < 8; second++) {
        for (let i = 0; i < 100; i++) {
          a.checkIp(ip);
          b.checkIp(ip);
          expect(alone.checkIp(ip).allowed).toBe(true);
        }
        clock += 1000;
        await a.sync();
        await b.sync();
      }
      expect(a.checkIp(ip)).toMatchObject({ allowed: false, scope: "ip" });
      expect(b.checkIp(ip)).toMatchObject({ allowed: false, scope: "ip" });
      expect(a.checkIp("192.0.2.201").allowed).toBe(true);
    } finally {
      await second.close();
    }
  });
});
