import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserSessionState } from "@/db/queries/users";
import { accountTokens, affiliates, mailMessages } from "@/db/schema";
import { assertSessionCurrent } from "@/lib/auth/session-version";
import { limitStore } from "@/lib/limits";
import { recordSignInFailure, signInAccount, signInRefusal } from "@/lib/limits/signin";
import { createTestMerchant } from "@/lib/tracking/testing";
import {
  completePasswordReset,
  openResetLink,
  RESET_LINK_INVALID,
  RESET_REQUESTED,
  requestPasswordReset,
} from "./password-reset";
import {
  type AccountsBed,
  lastMailTo,
  mailsTo,
  newAffiliate,
  newMerchantUser,
  signIn,
  startAccountsBed,
  tokenIn,
  uniqueEmail,
} from "./testing";
import { isEmailVerified } from "./verification";

let bed: AccountsBed;
const ip = "192.0.2.10";
// Quick answers here; the timing test sets its own.
const fast = { ip, answerMs: 0 };

beforeAll(async () => {
  // Every test asks from one address: the per-address limits are tested apart (limits.test.ts).
  bed = await startAccountsBed({ LIMIT_RESET_REQUEST_IP: "1000/1h", LIMIT_RESET_SUBMIT_IP: "1000/1h" });
});
afterAll(async () => {
  await bed?.close();
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function forgotMerchant(password = "old-password-1") {
  const account = await newMerchantUser(bed.handle, password);
  await requestPasswordReset(bed.handle.db, { audience: "merchant", email: account.email }, fast);
  const mail = await lastMailTo(bed.handle, account.email);
  return { ...account, mail: mail!, token: tokenIn(mail!.text, "/reset-password") };
}

describe("asking for a reset link", () => {
  it("mails a merchant a one-hour link whose token is stored only as its SHA-256 hash", async () => {
    const { user, mail, token } = await forgotMerchant();
    expect(mail).toMatchObject({ kind: "password_reset", subject: "Reset your password", merchantId: null });
    expect(mail.text).toContain("http://localhost:3000/reset-password?token=");
    expect(mail.html).toContain("Choose a new password");
    // Sealed at rest: the outbox row itself does not hold the link.
    const [raw] = await bed.handle.db.select().from(mailMessages).where(eq(mailMessages.id, mail.id));
    expect(raw!.text).not.toContain(token);
    const [stored] = await bed.handle.db
      .select()
      .from(accountTokens)
      .where(eq(accountTokens.accountId, user.id));
    expect(stored!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const lifetime = stored!.expiresAt.getTime() - stored!.createdAt.getTime();
    expect(Math.abs(lifetime - 3_600_000)).toBeLessThan(5_000);
  });

  it("answers an unknown address exactly as a known one, after about the same time, and mails nobody", async () => {
    const known = await newMerchantUser(bed.handle, "old-password-1");
    const unknown = uniqueEmail("nobody");
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await requestPasswordReset(
        bed.handle.db,
        { audience: "merchant", email },
        { ip, answerMs: 400 },
      );
      return { answer, ms: performance.now() - started };
    };
    const a = await timed(known.email);
    const b = await timed(unknown);
    expect(a.answer).toEqual({ message: RESET_REQUESTED });
    expect(b.answer).toEqual(a.answer);
    for (const ms of [a.ms, b.ms]) expect(ms).toBeGreaterThanOrEqual(395);
    expect(Math.abs(a.ms - b.ms)).toBeLessThan(100);
    expect(await lastMailTo(bed.handle, known.email)).not.toBeNull();
    expect(await lastMailTo(bed.handle, unknown)).toBeNull();
  });

  it("refuses a malformed address with 400 and changes nothing", async () => {
    await expect(
      requestPasswordReset(bed.handle.db, { audience: "merchant", email: "not an email" }, fast),
    ).rejects.toMatchObject({ status: 400, message: "Enter a valid email address" });
    await expect(
      requestPasswordReset(bed.handle.db, { audience: "admin", email: "a@example.com" }, fast),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("makes the older link stop working when a new one is asked for", async () => {
    const first = await forgotMerchant();
    await requestPasswordReset(bed.handle.db, { audience: "merchant", email: first.email }, fast);
    const second = tokenIn((await lastMailTo(bed.handle, first.email))!.text, "/reset-password");
    expect(second).not.toBe(first.token);
    expect(await openResetLink(bed.handle.db, "merchant", first.token)).toBeNull();
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "merchant", token: first.token, password: "new-password-1" },
        { ip },
      ),
    ).rejects.toMatchObject({ status: 400, message: RESET_LINK_INVALID });
    expect(await openResetLink(bed.handle.db, "merchant", second)).toMatchObject({ email: first.email });
  });

  it("two requests at once leave exactly one working link", async () => {
    const account = await newMerchantUser(bed.handle, "old-password-1");
    await Promise.all([
      requestPasswordReset(bed.handle.db, { audience: "merchant", email: account.email }, fast),
      requestPasswordReset(bed.handle.db, { audience: "merchant", email: account.email }, fast),
    ]);
    const tokens = (await mailsTo(bed.handle, account.email)).map((m) => tokenIn(m.text, "/reset-password"));
    expect(tokens).toHaveLength(2);
    const open = await Promise.all(tokens.map((t) => openResetLink(bed.handle.db, "merchant", t)));
    expect(open.filter(Boolean)).toHaveLength(1);
  });
});

describe("setting the new password", () => {
  it("makes the new password work and the old one fail, and uses the link up", async () => {
    const { user, email, token } = await forgotMerchant("old-password-1");
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(false);
    expect(await signIn("merchant", { email, password: "old-password-1" })).not.toBeNull();
    const done = await completePasswordReset(
      bed.handle.db,
      { audience: "merchant", token, password: "new-password-1" },
      { ip },
    );
    expect(done).toEqual({ audience: "merchant", email, programSlug: null });
    // The link proved the address, so it counts as verified too.
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(true);
    expect(await signIn("merchant", { email, password: "old-password-1" })).toBeNull();
    expect(await signIn("merchant", { email, password: "new-password-1" })).toMatchObject({ email });
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "merchant", token, password: "third-password" },
        { ip },
      ),
    ).rejects.toMatchObject({ status: 400, message: RESET_LINK_INVALID });
    expect(await signIn("merchant", { email, password: "new-password-1" })).not.toBeNull();
  });

  it("ends the sessions signed in before the reset, not those after", async () => {
    const { user, email, token } = await forgotMerchant("old-password-1");
    const before = (await signIn("merchant", { email, password: "old-password-1" }))!;
    const state = async () => (await findUserSessionState(bed.handle.db, user.id))?.sessionVersion;
    expect(() => assertSessionCurrent(before.sessionVersion, undefined)).toThrow();
    assertSessionCurrent(before.sessionVersion, await state());
    await completePasswordReset(
      bed.handle.db,
      { audience: "merchant", token, password: "new-password-1" },
      { ip },
    );
    expect(() => assertSessionCurrent(before.sessionVersion, undefined)).toThrow();
    let ended: unknown;
    try {
      assertSessionCurrent(before.sessionVersion, await state());
    } catch (error) {
      ended = error;
    }
    expect(ended).toMatchObject({ status: 401, message: "Your password was changed. Sign in again." });
    const after = (await signIn("merchant", { email, password: "new-password-1" }))!;
    assertSessionCurrent(after.sessionVersion, await state());
  });

  it("lets exactly one of two submissions of one link at once change the password", async () => {
    const { email, token } = await forgotMerchant("old-password-1");
    const results = await Promise.allSettled(
      ["first-password-1", "second-password-2"].map((password) =>
        completePasswordReset(bed.handle.db, { audience: "merchant", token, password }, { ip }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ message: RESET_LINK_INVALID });
    const winner = results[0]!.status === "fulfilled" ? "first-password-1" : "second-password-2";
    const loser = winner === "first-password-1" ? "second-password-2" : "first-password-1";
    expect(await signIn("merchant", { email, password: winner })).not.toBeNull();
    expect(await signIn("merchant", { email, password: loser })).toBeNull();
  });

  it("lifts a sign-in lockout of the account, which guarded the old password", async () => {
    const { email, token } = await forgotMerchant("old-password-1");
    const store = await limitStore();
    const rules = { account: { points: 3, windowMs: 60_000 }, ip: { points: 1000, windowMs: 60_000 } };
    const account = signInAccount("merchant", email);
    for (let i = 0; i < 3; i++) await recordSignInFailure(store, rules, account);
    const attempt = { ip, account };
    expect(await signInRefusal(store, rules, attempt)).toMatchObject({ allowed: false });
    await completePasswordReset(
      bed.handle.db,
      { audience: "merchant", token, password: "new-password-1" },
      { ip },
    );
    expect(await signInRefusal(store, rules, attempt)).toBeNull();
  });

  it("refuses a link after its hour", async () => {
    const { email, token } = await forgotMerchant("old-password-1");
    const later = new Date(Date.now() + 61 * 60_000);
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "merchant", token, password: "new-password-1" },
        { ip, now: later },
      ),
    ).rejects.toMatchObject({ status: 400, message: RESET_LINK_INVALID });
    expect(await signIn("merchant", { email, password: "old-password-1" })).not.toBeNull();
  });

  it("refuses a weak password or a merchant link used on the affiliate form, changing nothing", async () => {
    const { email, token } = await forgotMerchant("old-password-1");
    await expect(
      completePasswordReset(bed.handle.db, { audience: "merchant", token, password: "short" }, { ip }),
    ).rejects.toMatchObject({ status: 400, message: "Password must be at least 8 characters" });
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "affiliate", token, password: "new-password-1" },
        { ip },
      ),
    ).rejects.toMatchObject({ status: 400, message: RESET_LINK_INVALID });
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "merchant", token: "x".repeat(32), password: "new-password-1" },
        { ip },
      ),
    ).rejects.toMatchObject({ status: 400 });
    expect(await openResetLink(bed.handle.db, "merchant", token)).not.toBeNull();
    expect(await signIn("merchant", { email, password: "old-password-1" })).not.toBeNull();
  });
});

describe("affiliate resets", () => {
  it("resets the account in the program asked for, and only that one", async () => {
    const [shopA, shopB] = [await createTestMerchant(bed.handle.db), await createTestMerchant(bed.handle.db)];
    const email = uniqueEmail("affiliate");
    const inA = await newAffiliate(bed.handle, shopA.id, email, "password-in-a");
    await newAffiliate(bed.handle, shopB.id, email, "password-in-b");
    await requestPasswordReset(
      bed.handle.db,
      { audience: "affiliate", email: email.toUpperCase(), program: shopA.slug },
      fast,
    );
    const mails = await mailsTo(bed.handle, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`affiliate portal account for ${shopA.name}`);
    const token = tokenIn(mails[0]!.text, "/portal/reset-password");
    expect(await openResetLink(bed.handle.db, "affiliate", token)).toEqual({
      email,
      programName: shopA.name,
    });
    // Its portal session from before the reset ends; the other program's account is untouched.
    const before = (await signIn("affiliate", { email, password: "password-in-a", program: shopA.slug }))!;
    expect(before.id).toBe(inA.id);
    const done = await completePasswordReset(
      bed.handle.db,
      { audience: "affiliate", token, password: "new-password-a" },
      { ip },
    );
    expect(done).toEqual({ audience: "affiliate", email, programSlug: shopA.slug });
    const [row] = await bed.handle.db.select().from(affiliates).where(eq(affiliates.id, inA.id));
    expect(() => assertSessionCurrent(before.sessionVersion, row!.sessionVersion)).toThrow();
    expect(await signIn("affiliate", { email, password: "password-in-a", program: shopA.slug })).toBeNull();
    expect(
      await signIn("affiliate", { email, password: "new-password-a", program: shopA.slug }),
    ).toMatchObject({ id: inA.id });
    expect(
      await signIn("affiliate", { email, password: "password-in-b", program: shopB.slug }),
    ).not.toBeNull();
  });

  it("without a program sends one link per program, and none for a deactivated account", async () => {
    const [shopA, shopB, shopC] = [
      await createTestMerchant(bed.handle.db),
      await createTestMerchant(bed.handle.db),
      await createTestMerchant(bed.handle.db),
    ];
    const email = uniqueEmail("multi");
    await newAffiliate(bed.handle, shopA.id, email, "password-1");
    await newAffiliate(bed.handle, shopB.id, email, "password-2");
    const gone = await newAffiliate(bed.handle, shopC.id, email, "password-3");
    await bed.handle.db.update(affiliates).set({ status: "inactive" }).where(eq(affiliates.id, gone.id));
    const answer = await requestPasswordReset(bed.handle.db, { audience: "affiliate", email }, fast);
    expect(answer.message).toBe(RESET_REQUESTED);
    const mails = await mailsTo(bed.handle, email);
    expect(mails.map((m) => m.text.includes(shopA.name) || m.text.includes(shopB.name))).toEqual([
      true,
      true,
    ]);
    // A merchant user with the same address is a different account: no merchant link was sent.
    expect(mails.every((m) => m.text.includes("/portal/reset-password?token="))).toBe(true);
  });

  it("refuses an affiliate link once the merchant deactivated the affiliate", async () => {
    const shop = await createTestMerchant(bed.handle.db);
    const email = uniqueEmail("deactivated");
    const affiliate = await newAffiliate(bed.handle, shop.id, email, "password-1");
    await requestPasswordReset(bed.handle.db, { audience: "affiliate", email, program: shop.slug }, fast);
    const token = tokenIn((await lastMailTo(bed.handle, email))!.text, "/portal/reset-password");
    await bed.handle.db.update(affiliates).set({ status: "inactive" }).where(eq(affiliates.id, affiliate.id));
    await expect(
      completePasswordReset(
        bed.handle.db,
        { audience: "affiliate", token, password: "new-password" },
        { ip },
      ),
    ).rejects.toMatchObject({ status: 400, message: RESET_LINK_INVALID });
  });
});
