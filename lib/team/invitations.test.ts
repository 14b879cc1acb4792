import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { listMailMessages } from "@/db/queries/mail";
import { findMembership, findUserByEmail, membershipsForUser } from "@/db/queries/merchants";
import { memberInvitations, memberships, users } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import { sha256Hex } from "@/lib/crypto";
import { resetEnvCache } from "@/lib/env";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { startTestSmtp, type TestSmtp } from "@/lib/mail/testing";
import { unpaced } from "@/lib/stripe/pacing";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";
import { createTestMerchant } from "@/lib/tracking/testing";
import { acceptAsNewUser, acceptAsUser, openMemberInvitation } from "./accept";
import { inviteMember, revokeInvitation, type TeamActor } from "./invitations";
import { addTestMember } from "./team-testing";

let handle: DbHandle;
let smtp: TestSmtp;
const saved = { ...process.env };

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startTestSmtp();
  Object.assign(process.env, {
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SMTP_URL: smtp.url,
    APP_URL: "http://localhost:3000",
    MAIL_FROM: "Leadtrail <mail@leadtrail.test>",
  });
  resetEnvCache();
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await smtp?.stop();
  await handle?.close();
});

const db = () => handle.db;
const email = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`;
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

async function owner(): Promise<TeamActor> {
  const merchant = await createTestMerchant(db());
  const user = await addTestMember(db(), merchant.id, "owner");
  return { merchantId: merchant.id, userId: user.id, name: "Olga Owner", email: user.email };
}

describe("inviting", () => {
  it("mails a single-use link over SMTP and keeps only the token's hash", async () => {
    const actor = await owner();
    const to = email("ada");
    const { link, invitation } = await inviteMember(db(), actor, { email: to.toUpperCase(), role: "admin" });
    const token = tokenOf(link);
    expect(link).toBe(`http://localhost:3000/team/accept?token=${token}`);
    expect(token).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(invitation).toMatchObject({ email: to, role: "admin", acceptedAt: null });
    const [row] = await db().select().from(memberInvitations).where(eq(memberInvitations.id, invitation.id));
    expect(row!.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000).toBeCloseTo(7, 2);

    const [message] = await listMailMessages(db(), { merchantId: actor.merchantId, limit: 5 });
    expect(message).toMatchObject({ kind: "member_invitation", toAddress: to, sealed: true });
    await runJobsUntilIdle(
      db(),
      { stripe: () => new Stripe("sk_test_unused"), pacer: unpaced },
      { pollMs: 20 },
    );
    const mail = await smtp.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(to));
    expect(mail.subject).toBe("Join Test Shop on Leadtrail");
    expect(mail.text).toContain("Olga Owner");
    expect(mail.text).toContain("as an admin: everything but the team and api keys");
    expect(mail.text).toContain(`Accept the invitation: ${link}`);
    expect(mail.text).toContain("expires in 7 days");
  });

  it("keeps one open invitation per email, also when two owners invite at once", async () => {
    const actor = await owner();
    const to = email("bo");
    await inviteMember(db(), actor, { email: to, role: "viewer" });
    await expect(inviteMember(db(), actor, { email: to.toUpperCase(), role: "admin" })).rejects.toMatchObject(
      {
        status: 409,
        code: "already_invited",
      },
    );
    const racing = email("race");
    const results = await Promise.allSettled([
      inviteMember(db(), actor, { email: racing, role: "viewer" }),
      inviteMember(db(), actor, { email: racing, role: "admin" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await db()
      .select()
      .from(memberInvitations)
      .where(sql`lower(${memberInvitations.email}) = ${racing}`);
    expect(rows).toHaveLength(1);
  });

  it("refuses members, bad emails and unknown roles", async () => {
    const actor = await owner();
    await expect(inviteMember(db(), actor, { email: actor.email, role: "admin" })).rejects.toMatchObject({
      status: 409,
      code: "already_member",
    });
    await expect(inviteMember(db(), actor, { email: "nope", role: "admin" })).rejects.toMatchObject({
      status: 400,
      message: "Enter a valid email address",
    });
    await expect(inviteMember(db(), actor, { email: email("x"), role: "staff" })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("lets an expired invitation be replaced, and a revoked one stop working", async () => {
    const actor = await owner();
    const to = email("late");
    const old = await inviteMember(
      db(),
      actor,
      { email: to, role: "viewer" },
      new Date(Date.now() - 8 * 86_400_000),
    );
    expect(await openMemberInvitation(db(), tokenOf(old.link))).toBeNull();
    await expect(
      acceptAsNewUser(db(), { token: tokenOf(old.link), name: "Late", password: "long-password" }),
    ).rejects.toMatchObject({ status: 404 });
    const fresh = await inviteMember(db(), actor, { email: to, role: "viewer" });
    expect(await openMemberInvitation(db(), tokenOf(fresh.link))).toMatchObject({
      email: to,
      hasAccount: false,
    });

    await revokeInvitation(db(), actor, fresh.invitation.id);
    expect(await openMemberInvitation(db(), tokenOf(fresh.link))).toBeNull();
    await expect(revokeInvitation(db(), actor, fresh.invitation.id)).rejects.toMatchObject({ status: 404 });
    // Another merchant's owner cannot revoke this merchant's invitation.
    const again = await inviteMember(db(), actor, { email: to, role: "viewer" });
    await expect(revokeInvitation(db(), await owner(), again.invitation.id)).rejects.toMatchObject({
      status: 404,
    });
    expect(await openMemberInvitation(db(), tokenOf(again.link))).not.toBeNull();
  });
});

describe("accepting", () => {
  it("gives someone new an account with the sign-up rules, once", async () => {
    const actor = await owner();
    const to = email("new");
    const { link } = await inviteMember(db(), actor, { email: to, role: "viewer" });
    const token = tokenOf(link);
    await expect(acceptAsNewUser(db(), { token, name: "Nia", password: "short" })).rejects.toMatchObject({
      status: 400,
      message: "Password must be at least 8 characters",
    });
    expect(await openMemberInvitation(db(), token)).not.toBeNull();

    const joined = await acceptAsNewUser(db(), { token, name: "Nia", password: "long-password" });
    expect(joined).toEqual({ email: to, merchantId: actor.merchantId });
    const user = await findUserByEmail(db(), to);
    expect(await verifyPassword(user!.passwordHash, "long-password")).toBe(true);
    expect(await findMembership(db(), user!.id, actor.merchantId)).toEqual({ role: "viewer" });
    await expect(
      acceptAsNewUser(db(), { token, name: "Again", password: "long-password" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("accepting twice at once makes one account and one membership", async () => {
    const actor = await owner();
    const to = email("twice");
    const token = tokenOf((await inviteMember(db(), actor, { email: to, role: "admin" })).link);
    const results = await Promise.allSettled([
      acceptAsNewUser(db(), { token, name: "First", password: "long-password-1" }),
      acceptAsNewUser(db(), { token, name: "Second", password: "long-password-2" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 404 } });
    const accounts = await db().select().from(users).where(sql`lower(${users.email}) = ${to}`);
    expect(accounts).toHaveLength(1);
    const rows = await db().select().from(memberships).where(eq(memberships.userId, accounts[0]!.id));
    expect(rows).toMatchObject([{ merchantId: actor.merchantId, role: "admin" }]);
  });

  it("adds an existing user (same email) to a second merchant, once, even when accepted twice at once", async () => {
    const first = await owner();
    const person = await addTestMember(db(), first.merchantId, "admin");
    const second = await owner();
    const token = tokenOf((await inviteMember(db(), second, { email: person.email, role: "viewer" })).link);
    expect(await openMemberInvitation(db(), token)).toMatchObject({ hasAccount: true });
    const someoneElse = await addTestMember(db(), first.merchantId, "viewer");
    await expect(
      acceptAsUser(db(), { userId: someoneElse.id, email: someoneElse.email }, token),
    ).rejects.toMatchObject({
      status: 403,
      message: `This invitation is for ${person.email}. Sign in as ${person.email} to accept it.`,
    });
    expect(await openMemberInvitation(db(), token)).not.toBeNull();

    const me = { userId: person.id, email: person.email.toUpperCase() };
    const results = await Promise.allSettled([acceptAsUser(db(), me, token), acceptAsUser(db(), me, token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await membershipsForUser(db(), person.id)).map((m) => [m.merchantId, m.role])).toEqual([
      [first.merchantId, "admin"],
      [second.merchantId, "viewer"],
    ]);
    expect(await findMembership(db(), someoneElse.id, second.merchantId)).toBeNull();
  });

  it("sends someone whose email got an account meanwhile to sign in, keeping the link", async () => {
    const actor = await owner();
    const to = email("meanwhile");
    const token = tokenOf((await inviteMember(db(), actor, { email: to, role: "viewer" })).link);
    await addTestMember(db(), (await owner()).merchantId, "viewer", to);
    await expect(
      acceptAsNewUser(db(), { token, name: "Mo", password: "long-password" }),
    ).rejects.toMatchObject({
      status: 409,
      code: "email_taken",
    });
    expect(await openMemberInvitation(db(), token)).toMatchObject({ hasAccount: true });
  });

  it("ignores tokens that are not ours", async () => {
    expect(await openMemberInvitation(db(), "x'; drop table users; --")).toBeNull();
    await expect(
      acceptAsUser(db(), { userId: "usr_x", email: "a@example.com" }, "short"),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
