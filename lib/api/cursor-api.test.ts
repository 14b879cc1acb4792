import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as affiliatesRoute from "@/app/api/v1/affiliates/route";
import * as commissionsRoute from "@/app/api/v1/commissions/route";
import * as leadsRoute from "@/app/api/v1/leads/route";
import * as purchasesRoute from "@/app/api/v1/purchases/route";
import type { DbHandle } from "@/db";
import { createTestDatabase } from "@/db/testing";
import { encodeCursor } from "@/lib/cursor";
import { apiMerchant, callApi, installAppDatabase } from "./testing";

/** A cursor the client made up answers 400 on every list endpoint, never 500. */
let handle: DbHandle;
let restore: () => void;
let key: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = installAppDatabase(handle);
  key = (await apiMerchant(handle)).key;
});
afterAll(async () => {
  restore?.();
  await handle?.close();
});

const lists = {
  "/api/v1/affiliates": affiliatesRoute.GET,
  "/api/v1/leads": leadsRoute.GET,
  "/api/v1/purchases": purchasesRoute.GET,
  "/api/v1/commissions": commissionsRoute.GET,
};

const forged = [
  encodeCursor({ at: "2026-13-45T25:61:61Z", id: "x" }),
  encodeCursor({ at: "2026-02-30T00:00:00Z", id: "x" }),
  encodeCursor({ at: "0000-00-00T00:00:00Z", id: "x" }),
  Buffer.from(JSON.stringify(["2026-01-01T00:00:00Z", 5])).toString("base64url"),
  "%%%",
  "a".repeat(300),
];

describe("list endpoints and forged cursors", () => {
  for (const [path, handler] of Object.entries(lists)) {
    it(`${path} answers 400 invalid_cursor`, async () => {
      for (const cursor of forged) {
        const res = await callApi(handler, { path: `${path}?cursor=${encodeURIComponent(cursor)}`, key });
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect(res.body.error.code).toBe("invalid_cursor");
      }
    });
  }
});
