import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as stripeOAuthCallback } from "@/app/api/stripe/oauth/callback/route";
import type { Database, DbHandle } from "@/db";
import { activePrivateKey } from "@/db/queries/api-keys";
import { getMerchant } from "@/db/queries/merchants";
import { setMemberRole } from "@/db/queries/team";
import { auditLog, commissions, memberInvitations, payouts } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { setAutoApproveAction } from "@/lib/actions/affiliates/program";
import { approveCommissionsAction, createPayoutAction } from "@/lib/actions/commissions/commissions";
import { rotatePrivateKeyAction } from "@/lib/actions/settings/api-keys";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "@/lib/actions/settings/team";
import { saveTrackingSettingsAction } from "@/lib/actions/settings/tracking";
import {
  connectStripeAction,
  connectWithApiKeyAction,
  disconnectStripeAction,
} from "@/lib/actions/stripe/connection";
import { resetEnvCache } from "@/lib/env";
import { insertCommission } from "@/lib/payouts/testing";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";
import { addTestMember } from "@/lib/team/team-testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { merchantRoute } from "./session-route";

/**
 * The role checks at the layer the browser reaches: the real server actions and route handlers,
 * with the real role read from PostgreSQL. Only the framework's edges are stood in for: the
 * session cookie (next-auth's getServerSession), Next's request scope and cache revalidation.
 */
let handle: DbHandle;
let db: Database;
const session = vi.hoisted(() => ({ current: null as null | { user: Record<string, string | number> } }));

vi.mock("@/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db")>()),
  getDb: async () => db,
}));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => session.current,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  connection: async () => {},
}));

const saved = { ...process.env };
let merchantId: string;
let people: Record<"owner" | "admin" | "viewer", { id: string; email: string }>;
let due: string[];

beforeAll(async () => {
  Object.assign(process.env, {
    NEXTAUTH_SECRET: "roles-test-secret-0123456789",
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  });
  resetEnvCache();
  handle = await createTestDatabase();
  db = handle.db;
  merchantId = (await createTestMerchant(db)).id;
  people = {
    owner: await addTestMember(db, merchantId, "owner"),
    admin: await addTestMember(db, merchantId, "admin"),
    viewer: await addTestMember(db, merchantId, "viewer"),
  };
  const affiliate = await createTestAffiliate(db, merchantId, "ROLES1");
  due = [];
  for (let i = 0; i < 3; i++)
    due.push((await insertCommission(db, { merchantId, affiliateId: affiliate.id, amount: 500 })).id);
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await handle?.close();
});

function signInAs(who: { id: string; email: string }, merchant = merchantId) {
  session.current = {
    user: {
      id: who.id,
      role: "merchant",
      merchantId: merchant,
      email: who.email,
      name: "Test",
      sessionVersion: 0,
    },
  };
}

const VIEWER = "Your role (viewer) can't make changes — ask an owner";
const ADMIN_NOT_OWNER = "Your role (admin) can't do this — only an owner can";

const payoutCount = async () =>
  (await db.select().from(payouts).where(eq(payouts.merchantId, merchantId))).length;

describe("server actions", () => {
  it("refuse a viewer every change, before looking at the input, and change nothing", async () => {
    signInAs(people.viewer);
    const before = await getMerchant(db, merchantId);
    expect(await createPayoutAction({ ids: due, includeTestMode: false })).toEqual({
      ok: false,
      error: VIEWER,
    });
    // Invalid input gets the same answer: a viewer learns nothing from validation.
    expect(await createPayoutAction({ ids: [], includeTestMode: false })).toEqual({
      ok: false,
      error: VIEWER,
    });
    expect(await approveCommissionsAction({ ids: due })).toEqual({ ok: false, error: VIEWER });
    expect(await setAutoApproveAction({ enabled: !before!.autoApproveAffiliates })).toEqual({
      ok: false,
      error: VIEWER,
    });
    expect(
      await saveTrackingSettingsAction({
        siteUrl: "https://evil.example",
        extraParams: "",
        attributionWindowDays: 1,
        attributionModel: "last_touch",
        allowedOrigins: "",
      }),
    ).toEqual({ ok: false, error: VIEWER });
    expect(await disconnectStripeAction({})).toEqual({ ok: false, error: VIEWER });
    expect(await rotatePrivateKeyAction({})).toEqual({ ok: false, error: VIEWER });
    expect(await inviteMemberAction({ email: "pal@example.com", role: "owner" })).toEqual({
      ok: false,
      error: VIEWER,
    });

    expect(await payoutCount()).toBe(0);
    const rows = await db.select().from(commissions).where(eq(commissions.merchantId, merchantId));
    expect(rows.every((c) => c.status === "due" && c.payoutId === null)).toBe(true);
    expect(await getMerchant(db, merchantId)).toEqual(before);
    expect(await activePrivateKey(db, merchantId)).toBeNull();
    expect(
      await db.select().from(memberInvitations).where(eq(memberInvitations.merchantId, merchantId)),
    ).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.merchantId, merchantId))).toEqual([]);
  });

  it("let an admin change things but not the API keys or the team", async () => {
    signInAs(people.admin);
    expect(await rotatePrivateKeyAction({})).toEqual({ ok: false, error: ADMIN_NOT_OWNER });
    expect(await inviteMemberAction({ email: "pal@example.com", role: "viewer" })).toEqual({
      ok: false,
      error: ADMIN_NOT_OWNER,
    });
    expect(await changeMemberRoleAction({ userId: people.admin.id, role: "owner" })).toEqual({
      ok: false,
      error: ADMIN_NOT_OWNER,
    });
    expect(await removeMemberAction({ userId: people.owner.id })).toEqual({
      ok: false,
      error: ADMIN_NOT_OWNER,
    });
    expect(await activePrivateKey(db, merchantId)).toBeNull();

    const created = await createPayoutAction({ ids: [due[0]!], includeTestMode: false });
    expect(created).toMatchObject({ ok: true, data: { payoutIds: [expect.stringMatching(/^pay_/)] } });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, "payouts.created")));
    expect(audit?.actorUserId).toBe(people.admin.id);
  });

  it("let an owner rotate the key and invite", async () => {
    signInAs(people.owner);
    const rotated = await rotatePrivateKeyAction({});
    expect(rotated).toMatchObject({ ok: true, data: { key: expect.stringMatching(/^lt_sk_/) } });
    expect(await inviteMemberAction({ email: "pal@example.com", role: "viewer" })).toMatchObject({
      ok: true,
      data: { link: expect.stringContaining("/team/accept?token=") },
    });
  });

  it("read the role from the database at every call: a demotion applies at once", async () => {
    const demoted = await addTestMember(db, merchantId, "admin");
    signInAs(demoted);
    expect(await approveCommissionsAction({ ids: [due[1]!] })).toMatchObject({ ok: true });
    await setMemberRole(db, merchantId, demoted.id, "viewer");
    expect(await approveCommissionsAction({ ids: [due[1]!] })).toEqual({ ok: false, error: VIEWER });
  });

  it("refuse a session for a merchant the user is not a member of", async () => {
    const other = await createTestMerchant(db);
    signInAs(people.owner, other.id);
    expect(await createPayoutAction({ ids: due, includeTestMode: false })).toEqual({
      ok: false,
      error: "You are no longer a member of this merchant",
    });
  });

  it("send a viewer's Stripe connect back to the page with the reason", async () => {
    signInAs(people.viewer);
    const digest = (error: { digest?: string }) => error.digest ?? "";
    expect(await connectStripeAction().catch(digest)).toContain("/dashboard/apps/stripe?error=read_only");
    const form = new FormData();
    form.set("key", "rk_test_anything");
    expect(await connectWithApiKeyAction(form).catch(digest)).toContain(
      "/dashboard/apps/stripe?error=read_only",
    );
  });
});

describe("route handlers", () => {
  const probe = merchantRoute(async () => ({ done: true }));
  const ownerOnlyRead = merchantRoute(async () => ({ secret: true }), { role: "owner" });
  const call = (handler: typeof probe, method: string) =>
    handler(new Request("http://localhost/api/probe", { method }), { params: Promise.resolve({}) });

  it("answer a viewer's write 403 with the reason as JSON, and let reads through", async () => {
    signInAs(people.viewer);
    const refused = await call(probe, "POST");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: VIEWER } });
    expect((await call(probe, "DELETE")).status).toBe(403);
    const read = await call(probe, "GET");
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ done: true });
  });

  it("keep owner-only handlers from admins, even for reads", async () => {
    signInAs(people.admin);
    expect((await call(probe, "POST")).status).toBe(200);
    const refused = await call(ownerOnlyRead, "GET");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: ADMIN_NOT_OWNER } });
  });

  it("refuse a viewer the Stripe OAuth callback before any code is exchanged", async () => {
    signInAs(people.viewer);
    const res = await stripeOAuthCallback(
      new NextRequest("http://localhost:3000/api/stripe/oauth/callback?code=ac_x&state=whatever"),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: VIEWER } });
  });
});
