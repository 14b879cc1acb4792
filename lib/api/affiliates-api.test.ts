import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as affiliateRoute from "@/app/api/v1/affiliates/[id]/route";
import * as affiliatesRoute from "@/app/api/v1/affiliates/route";
import type { DbHandle } from "@/db";
import { affiliates, auditLog } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { allPages, apiMerchant, callApi, installAppDatabase } from "./testing";

/** /api/v1/affiliates and /api/v1/affiliates/{id} (SPEC §8) through their route handlers. */
let handle: DbHandle;
let restore: () => void;
let a: Awaited<ReturnType<typeof apiMerchant>>;
let b: Awaited<ReturnType<typeof apiMerchant>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = installAppDatabase(handle);
  a = await apiMerchant(handle);
  b = await apiMerchant(handle);
});
afterAll(async () => {
  restore?.();
  await handle?.close();
});

const post = (key: string | null, body: unknown, headers?: Record<string, string>) =>
  callApi(affiliatesRoute.POST, { method: "POST", path: "/api/v1/affiliates", key, body, headers });
const get = (key: string, id: string) =>
  callApi(affiliateRoute.GET, { path: `/api/v1/affiliates/${id}`, key, params: { id } });
const patch = (key: string, id: string, body: unknown, headers?: Record<string, string>) =>
  callApi(affiliateRoute.PATCH, {
    method: "PATCH",
    path: `/api/v1/affiliates/${id}`,
    key,
    body,
    headers,
    params: { id },
  });

const countOf = async (merchantId: string) =>
  (
    await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(affiliates)
      .where(eq(affiliates.merchantId, merchantId))
  )[0]!.n;

describe("POST /api/v1/affiliates", () => {
  it("creates an affiliate and answers 201 with the SPEC's fields", async () => {
    const res = await post(a.key, {
      email: "Maya@Example.com",
      first_name: "Maya",
      last_name: "Lopez",
      code: "maya",
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^aff_/),
      email: "maya@example.com",
      first_name: "Maya",
      last_name: "Lopez",
      code: "maya",
      coupon_code: null,
      status: "active",
      coupon_sync: { status: "none", stripe_promotion_code_id: null, error: null },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(res.headers.get("location")).toBe(`/api/v1/affiliates/${res.body.id}`);
  });

  it("makes up a referral code when none is given, and sets a coupon code and status in the same step", async () => {
    const res = await post(a.key, {
      email: "sam@example.com",
      first_name: "Sam O'Neil",
      coupon_code: "SAM10",
      status: "pending",
    });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^sam-o-neil-[a-z0-9]{6}$/);
    expect(res.body).toMatchObject({ coupon_code: "SAM10", status: "pending" });
  });

  it("answers 409 for a taken code, email or coupon code (ignoring case), and creates nothing", async () => {
    const before = await countOf(a.merchantId);
    const code = await post(a.key, { email: "other@example.com", code: "MAYA" });
    expect(code.status).toBe(409);
    expect(code.body.error.code).toBe("code_taken");
    const email = await post(a.key, { email: "MAYA@example.com", code: "maya2" });
    expect(email.status).toBe(409);
    expect(email.body.error.code).toBe("email_taken");
    const coupon = await post(a.key, { email: "third@example.com", code: "third", coupon_code: "sam10" });
    expect(coupon.status).toBe(409);
    expect(coupon.body.error.code).toBe("coupon_code_taken");
    expect(await countOf(a.merchantId)).toBe(before);
    // Another merchant's program is separate: the same code and email are free there.
    expect((await post(b.key, { email: "maya@example.com", code: "maya" })).status).toBe(201);
  });

  it("answers 400 for invalid input, with a message that says what is wrong", async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /email/i],
      [{ email: "not-an-email", code: "x1" }, /valid email/i],
      [{ email: "x@example.com", code: "has space" }, /Referral code/],
      [{ email: "x@example.com", code: "ok", firstname: "typo" }, /firstname/],
      [{ email: 42 }, /email must be a string/],
      [{ email: "x@example.com", status: "archived" }, /status must be one of/],
      [{ email: "x@example.com", coupon_code: "no_underscores" }, /Coupon code/],
    ];
    for (const [body, message] of cases) {
      const res = await post(a.key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    for (const raw of ["{not json", "[1,2]", '"text"', ""]) {
      const res = await post(a.key, raw);
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code).toBe("invalid_json");
    }
  });

  it("answers 415 for a body that is not JSON, 413 for a huge one, 401 without a key", async () => {
    const form = await post(a.key, "email=x@example.com", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe("unsupported_media_type");
    const huge = await post(a.key, { email: "x@example.com", first_name: "x".repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
    expect(
      (
        await post(
          a.key,
          { email: "j@example.com", code: "j1" },
          { "content-type": "application/json; charset=utf-8" },
        )
      ).status,
    ).toBe(201);
    const anonymous = await post(null, { email: "x@example.com", code: "x" });
    expect(anonymous.status).toBe(401);
  });
});

describe("GET /api/v1/affiliates", () => {
  it("pages newest first through all affiliates with no duplicates or gaps, even with equal timestamps", async () => {
    // Same creation time for several rows: only the id breaks the tie.
    await handle.db
      .update(affiliates)
      .set({ createdAt: sql`'2026-01-01T00:00:00.000001Z'::timestamptz` })
      .where(eq(affiliates.merchantId, a.merchantId));
    const expected = (
      await handle.db
        .select({ id: affiliates.id })
        .from(affiliates)
        .where(eq(affiliates.merchantId, a.merchantId))
        .orderBy(sql`${affiliates.createdAt} desc, ${affiliates.id} desc`)
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const limit of [1, 2, 100]) {
      const { ids } = await allPages(affiliatesRoute.GET, "/api/v1/affiliates", a.key, limit);
      expect(ids).toEqual(expected);
    }
  });

  it("filters by status and email, and shows each key only its own merchant's affiliates", async () => {
    const pending = await callApi(affiliatesRoute.GET, {
      path: "/api/v1/affiliates?status=pending",
      key: a.key,
    });
    expect(pending.body.data.map((r: { email: string }) => r.email)).toEqual(["sam@example.com"]);
    const byEmail = await callApi(affiliatesRoute.GET, {
      path: "/api/v1/affiliates?email=MAYA@example.com",
      key: a.key,
    });
    expect(byEmail.body.data).toHaveLength(1);
    const mine = await callApi(affiliatesRoute.GET, { path: "/api/v1/affiliates", key: a.key });
    const theirs = await callApi(affiliatesRoute.GET, { path: "/api/v1/affiliates", key: b.key });
    const ids = new Set(mine.body.data.map((r: { id: string }) => r.id));
    expect(theirs.body.data.length).toBe(1);
    for (const row of theirs.body.data) expect(ids.has(row.id)).toBe(false);
    const bad = await callApi(affiliatesRoute.GET, { path: "/api/v1/affiliates?status=gone", key: a.key });
    expect(bad.status).toBe(400);
  });

  it("answers 405 in the API's error shape for methods the list does not support", async () => {
    const res = await callApi(affiliatesRoute.DELETE, {
      method: "DELETE",
      path: "/api/v1/affiliates",
      key: a.key,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(res.body.error.code).toBe("method_not_allowed");
  });
});

describe("GET and PATCH /api/v1/affiliates/{id}", () => {
  async function fresh(key: string, code: string) {
    const res = await post(key, { email: `${code}@example.com`, code, first_name: "Ada" });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }

  it("reads one affiliate; an unknown id or another merchant's is 404 alike", async () => {
    const mine = await fresh(a.key, "read-me");
    const res = await get(a.key, mine.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: mine.id, code: "read-me", first_name: "Ada" });
    const foreign = await get(b.key, mine.id);
    const unknown = await get(b.key, "aff_doesnotexist");
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    // Never reveal existence: both answers are the same.
    expect(foreign.body).toEqual(unknown.body);
  });

  it("changes only the fields sent; a null coupon_code removes the coupon", async () => {
    const mine = await fresh(a.key, "patch-me");
    const res = await patch(a.key, mine.id, { last_name: "Byron", code: "patched", coupon_code: "PATCH5" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: mine.id,
      first_name: "Ada",
      last_name: "Byron",
      code: "patched",
      coupon_code: "PATCH5",
      coupon_sync: { status: "none", stripe_promotion_code_id: null, error: null },
    });
    const removed = await patch(a.key, mine.id, { coupon_code: null, status: "inactive" });
    expect(removed.body).toMatchObject({ coupon_code: null, status: "inactive", code: "patched" });
    expect((await get(a.key, mine.id)).body).toEqual(removed.body);
    expect((await patch(a.key, mine.id, {})).body).toEqual(removed.body);
  });

  it("answers 409 for a taken code or email, 400 for bad values, 415 for non-JSON", async () => {
    const mine = await fresh(a.key, "conflicted");
    expect((await patch(a.key, mine.id, { code: "MAYA" })).body.error.code).toBe("code_taken");
    expect((await patch(a.key, mine.id, { email: "maya@example.com" })).status).toBe(409);
    expect((await patch(a.key, mine.id, { coupon_code: "Sam10" })).status).toBe(409);
    expect((await patch(a.key, mine.id, { code: "" })).status).toBe(400);
    expect((await patch(a.key, mine.id, { status: 1 })).status).toBe(400);
    expect((await patch(a.key, mine.id, { id: "aff_other" })).status).toBe(400);
    expect((await patch(a.key, mine.id, "code=x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await get(a.key, mine.id)).body.code).toBe("conflicted");
  });

  it("a second merchant's key can neither read nor change the first merchant's affiliate", async () => {
    const mine = await fresh(a.key, "protected");
    const res = await patch(b.key, mine.id, { first_name: "Mallory", status: "inactive" });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect((await get(a.key, mine.id)).body).toMatchObject({ first_name: "Ada", status: "active" });
  });

  it("answers 405 for DELETE and PUT", async () => {
    const handlers = { DELETE: affiliateRoute.DELETE, PUT: affiliateRoute.PUT };
    for (const [method, handler] of Object.entries(handlers)) {
      const res = await callApi(handler, {
        method,
        path: "/api/v1/affiliates/aff_x",
        key: a.key,
        params: { id: "aff_x" },
      });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, PATCH");
    }
  });
});

describe("PATCH /api/v1/affiliates/{id} status", () => {
  it("follows the dashboard's moves and writes the same audit entries", async () => {
    const created = await post(a.key, { email: "moves@example.com", code: "moves", status: "pending" });
    const id = created.body.id as string;
    expect((await patch(a.key, id, { status: "active" })).body.status).toBe("active");
    expect((await patch(a.key, id, { status: "active" })).body.status).toBe("active");
    const back = await patch(a.key, id, { status: "pending", first_name: "Never" });
    expect([back.status, back.body.error.code]).toEqual([409, "status_not_allowed"]);
    expect((await get(a.key, id)).body).toMatchObject({ status: "active", first_name: "" });
    expect((await patch(a.key, id, { status: "inactive" })).body.status).toBe("inactive");
    expect((await patch(a.key, id, { status: "active" })).body.status).toBe("active");
    const audit = await handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, a.merchantId), sql`${auditLog.data}->>'affiliateId' = ${id}`))
      .orderBy(auditLog.createdAt);
    expect(audit).toEqual([
      { action: "affiliate.approve", actor: null, data: { affiliateId: id, status: "active", via: "api" } },
      {
        action: "affiliate.deactivate",
        actor: null,
        data: { affiliateId: id, status: "inactive", via: "api" },
      },
      {
        action: "affiliate.reactivate",
        actor: null,
        data: { affiliateId: id, status: "active", via: "api" },
      },
    ]);
  });
});
