import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as affiliateRoute from "@/app/api/v1/affiliates/[id]/route";
import type { Database, DbHandle } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";
import { createPrivateKey } from "@/db/queries/api-keys";
import { mailMessages, memberships, merchants, users } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { callApi, installAppDatabase } from "@/lib/api/testing";
import { authOptions } from "@/lib/auth/options";
import { newId } from "@/lib/ids";
import { installLimitStore } from "@/lib/limits";
import { memoryStore } from "@/lib/limits/store";
import { type MailBed, startMailBed, TEST_APP_URL } from "@/lib/mail/messages-testing";
import { linkIn } from "@/lib/mail/testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { acceptInvitation, inviteAffiliate, openInvitation, reinviteAffiliate } from "./invitations";
import { joinProgram } from "./join";
import { changeAffiliateStatus } from "./status";

/** The affiliate program's mail, through a real SMTP server, and the links in it followed. */
let handle: DbHandle;
let db: Database;
let mail: MailBed;
const restore: (() => void)[] = [];

beforeAll(async () => {
  mail = await startMailBed();
  handle = await createTestDatabase();
  db = handle.db;
  restore.push(installAppDatabase(handle), installLimitStore(memoryStore()));
});
afterAll(async () => {
  for (const undo of restore) undo();
  await handle?.close();
  await mail?.close();
});

async function program(name = "Ada's <Shop>") {
  const merchant = await createTestMerchant(db);
  await db.update(merchants).set({ name }).where(eq(merchants.id, merchant.id));
  const [owner] = await db
    .select({ userId: memberships.userId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.merchantId, merchant.id));
  return { ...merchant, name, owner: owner! };
}

const roles: readonly string[] = memberships.role.enumValues;

/** A team member; the role is written as text, so a role the schema does not name yet can be tested. */
async function member(merchantId: string, role: string) {
  const user = { id: newId("usr"), email: `${role}-${newId("usr").slice(-6)}@example.com`.toLowerCase() };
  await db.insert(users).values({ ...user, name: role, passwordHash: "unused" });
  await db.execute(
    sql`insert into memberships (merchant_id, user_id, role) values (${merchantId}, ${user.id}, ${role})`,
  );
  return user;
}

/** Signs in through the portal's credentials provider, as the sign-in form posts it. */
async function signInToPortal(email: string, password: string, programSlug: string) {
  type Credentials = { options: { id: string; authorize(raw: Record<string, string>): Promise<unknown> } };
  const provider = (authOptions().providers as unknown as Credentials[]).find(
    (p) => p.options.id === "affiliate",
  )!;
  return provider.options.authorize({ email, password, program: programSlug });
}

describe("the affiliate invitation", () => {
  it("mails the link; the invitee follows it, sets a password and signs in to the portal", async () => {
    const shop = await program();
    const invited = await inviteAffiliate(db, shop.id, shop.owner.userId, {
      email: "Ada@Example.com",
      firstName: "Ada",
      lastName: "",
    });
    await mail.deliver(db);
    const [message, ...more] = mail.mailTo("ada@example.com");
    expect(more).toHaveLength(0);
    expect(message!.subject).toBe("Ada's <Shop> invited you to its affiliate program");
    expect(message!.text).toContain("Hi Ada,");
    expect(message!.html).toContain("Ada&#39;s &lt;Shop&gt;");
    const link = linkIn(message!, `${TEST_APP_URL}/join/`);
    expect(link).toBe(invited.link);
    expect(message!.html).toContain(`href="${link}"`);
    // Delivered over SMTP, the stored copy no longer holds the link.
    const [stored] = await db
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, "ada@example.com"));
    expect(stored).toMatchObject({ kind: "affiliate_invitation", status: "sent", text: "", html: "" });

    // What the join page does with the link, then what its form's action does.
    const url = new URL(link);
    const joinPage = await findMerchantBySlug(db, decodeURIComponent(url.pathname.split("/")[2]!));
    const token = url.searchParams.get("invite")!;
    expect((await openInvitation(db, joinPage!.id, token))?.email).toBe("ada@example.com");
    await acceptInvitation(db, joinPage!.id, {
      token,
      firstName: "Ada",
      lastName: "Lovelace",
      password: "analytical-engine",
    });
    expect(await signInToPortal("ada@example.com", "analytical-engine", shop.slug)).toMatchObject({
      id: invited.affiliate.id,
      role: "affiliate",
      merchantId: shop.id,
    });
    expect(await signInToPortal("ada@example.com", "wrong-password", shop.slug)).toBeNull();
    expect(await openInvitation(db, shop.id, token)).toBeNull();
  });

  it("mails a fresh link on a new invitation, and the earlier one stops working", async () => {
    const shop = await program();
    const first = await inviteAffiliate(db, shop.id, shop.owner.userId, { email: "grace@example.com" });
    const second = await reinviteAffiliate(db, shop.id, shop.owner.userId, first.affiliate.id);
    await mail.deliver(db);
    const links = mail.mailTo("grace@example.com").map((m) => linkIn(m, `${TEST_APP_URL}/join/`));
    expect(links.sort()).toEqual([first.link, second.link].sort());
    expect(mail.mailTo("grace@example.com")[0]!.text).toContain("Hi,");
    expect(await openInvitation(db, shop.id, new URL(first.link).searchParams.get("invite")!)).toBeNull();
    // Another merchant cannot re-invite this affiliate, and nothing is mailed.
    const other = await program("Other");
    const before = mail.smtp.received.length;
    await expect(
      reinviteAffiliate(db, other.id, other.owner.userId, first.affiliate.id),
    ).rejects.toMatchObject({
      status: 404,
    });
    await mail.deliver(db);
    expect(mail.smtp.received.length).toBe(before);
  });
});

describe("applications", () => {
  it("tell every owner and admin, not viewers, that someone applied; approval tells the affiliate", async () => {
    const shop = await program();
    // "admin" where the team roles exist, "staff" (its earlier name) where they do not yet.
    const admin = await member(shop.id, roles.includes("admin") ? "admin" : "staff");
    const viewer = await member(shop.id, "viewer");
    const applicant = await joinProgram(db, shop, {
      firstName: "Sam",
      lastName: "Lee",
      email: "sam@example.com",
      password: "sam-password-1",
    });
    await mail.deliver(db);
    for (const to of [shop.owner.email, admin.email]) {
      const [received, ...more] = mail.mailTo(to);
      expect(more).toHaveLength(0);
      expect(received!.subject).toBe("New affiliate application: Sam Lee");
      expect(received!.text).toContain("Sam Lee (sam@example.com) applied to join your affiliate program");
      expect(received!.html).toContain("Ada&#39;s &lt;Shop&gt;");
      expect(linkIn(received!, TEST_APP_URL)).toBe(`${TEST_APP_URL}/dashboard/affiliates/${applicant.id}`);
    }
    expect(mail.mailTo(viewer.email)).toHaveLength(0);
    expect(mail.mailTo("sam@example.com")).toHaveLength(0);

    await changeAffiliateStatus(db, {
      merchantId: shop.id,
      userId: shop.owner.userId,
      affiliateId: applicant.id,
      move: "approve",
    });
    // Deactivating and reactivating is no second approval.
    for (const move of ["deactivate", "reactivate"] as const)
      await changeAffiliateStatus(db, { merchantId: shop.id, userId: null, affiliateId: applicant.id, move });
    await mail.deliver(db);
    const [approved, ...more] = mail.mailTo("sam@example.com");
    expect(more).toHaveLength(0);
    expect(approved!.subject).toBe("Ada's <Shop> approved your affiliate application");
    const signIn = linkIn(approved!, TEST_APP_URL);
    expect(signIn).toBe(`${TEST_APP_URL}/portal?program=${shop.slug}`);
    expect(await signInToPortal("sam@example.com", "sam-password-1", shop.slug)).toMatchObject({
      id: applicant.id,
    });
  });

  it("approved through the REST API, or automatically on joining, mail the affiliate too", async () => {
    const shop = await program("Kim's Shop");
    const { key } = await createPrivateKey(db, shop.id);
    const pending = await joinProgram(db, shop, {
      firstName: "Lou",
      lastName: "Reed",
      email: "lou@example.com",
      password: "lou-password-1",
    });
    const res = await callApi(affiliateRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/affiliates/${pending.id}`,
      key,
      body: { status: "active" },
      params: { id: pending.id },
    });
    expect(res.status).toBe(200);
    const auto = { ...shop, autoApproveAffiliates: true };
    await joinProgram(db, auto, {
      firstName: "Kim",
      lastName: "Park",
      email: "kim@example.com",
      password: "kim-password-1",
    });
    await mail.deliver(db);
    for (const to of ["lou@example.com", "kim@example.com"]) {
      const [approved, ...more] = mail.mailTo(to);
      expect(more).toHaveLength(0);
      expect(approved!.subject).toBe("Kim's Shop approved your affiliate application");
      expect(approved!.text).toContain(`${TEST_APP_URL}/portal?program=${shop.slug}`);
    }
    // Kim was never pending: the team hears only of Lou's application.
    expect(mail.mailTo(shop.owner.email).map((m) => m.subject)).toEqual([
      "New affiliate application: Lou Reed",
    ]);
  });

  it("approving someone who never set a password mails nothing: their invitation is their way in", async () => {
    const shop = await program();
    const added = await createTestAffiliate(db, shop.id, "quiet", { status: "pending" });
    await changeAffiliateStatus(db, {
      merchantId: shop.id,
      userId: null,
      affiliateId: added.id,
      move: "approve",
    });
    await mail.deliver(db);
    expect(mail.mailTo(added.email)).toHaveLength(0);
  });

  it("a failed approval changes nothing and mails nothing", async () => {
    const shop = await program();
    const other = await program("Other");
    const applicant = await joinProgram(db, shop, {
      firstName: "Eve",
      lastName: "Moss",
      email: "eve@example.com",
      password: "eve-password-1",
    });
    await expect(
      changeAffiliateStatus(db, {
        merchantId: other.id,
        userId: null,
        affiliateId: applicant.id,
        move: "approve",
      }),
    ).rejects.toMatchObject({ status: 409 });
    await mail.deliver(db);
    expect(mail.mailTo("eve@example.com")).toHaveLength(0);
  });
});
