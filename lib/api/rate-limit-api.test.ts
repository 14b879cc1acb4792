import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as leadsRoute from "@/app/api/v1/leads/route";
import type { DbHandle } from "@/db";
import { createTestDatabase } from "@/db/testing";
import { resetEnvCache } from "@/lib/env";
import { installLimitStore } from "@/lib/limits";
import { databaseStore } from "@/lib/limits/store";
import { apiMerchant, callApi, installAppDatabase } from "./testing";

/** Requests per API key (SPEC §13), with RateLimit-* headers on every answer. */
let handle: DbHandle;
const restores: (() => void)[] = [];

beforeAll(async () => {
  process.env.LIMIT_API_KEY = "3/1m";
  resetEnvCache();
  handle = await createTestDatabase();
  restores.push(installAppDatabase(handle), installLimitStore(databaseStore(handle.db)));
});
afterAll(async () => {
  delete process.env.LIMIT_API_KEY;
  resetEnvCache();
  for (const restore of restores) restore();
  await handle?.close();
});

describe("REST API rate limit", () => {
  it("counts per key, says how many are left, and answers 429 with Retry-After past the limit", async () => {
    const a = await apiMerchant(handle);
    const b = await apiMerchant(handle);
    const list = (key: string) => callApi(leadsRoute.GET, { path: "/api/v1/leads", key });
    for (const remaining of [2, 1, 0]) {
      const res = await list(a.key);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(remaining));
      expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    }
    const refused = await list(a.key);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(refused.body.error).toEqual({
      code: "rate_limited",
      message: "Too many requests for this API key. Try again in a minute.",
    });
    expect((await list(b.key)).status).toBe(200);
  });

  it("defaults to at least LeadDyno's 200 a minute", async () => {
    const { DEFAULT_RULES, parseRule } = await import("@/lib/limits/rules");
    const rule = parseRule(DEFAULT_RULES.LIMIT_API_KEY);
    expect((rule.points * 60_000) / rule.windowMs).toBeGreaterThanOrEqual(200);
  });
});
