import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as verifyRoute } from "@/app/api/account/verify-email/route";
import { MIGRATIONS_FOLDER } from "@/db";
import { findUserByEmail } from "@/db/queries/merchants";
import { users } from "@/db/schema";
import { registerMerchant } from "@/lib/merchants/sign-up";
import { beginConnect } from "@/lib/stripe/connect";
import { connectWithApiKey } from "@/lib/stripe/connect-key";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { seedDemo } from "@/scripts/seed";
import { type AccountsBed, lastMailTo, mailsTo, startAccountsBed, tokenIn, uniqueEmail } from "./testing";
import { isEmailVerified, resendVerificationEmail, verifyEmail } from "./verification";

let stripe: StripeTestbed;
let bed: AccountsBed;

beforeAll(async () => {
  stripe = await startStripeTestbed();
  bed = await startAccountsBed({}, stripe.handle);
});
afterAll(async () => {
  await bed?.close();
  await stripe?.close();
});

async function signUp() {
  const email = uniqueEmail("new");
  const { user, merchant } = await registerMerchant(bed.handle.db, {
    name: "Grace",
    company: "Grace Goods",
    email,
    password: "grace-password-1",
  });
  return { user, merchant, email, who: { merchantId: merchant.id, userId: user.id } };
}

const follow = (token: string) =>
  verifyRoute(new Request(`http://localhost:3000/api/account/verify-email?token=${token}`));

describe("email verification", () => {
  it("starts unverified with a 24-hour link in the outbox, which verifies once", async () => {
    const { user, email } = await signUp();
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(false);
    const mail = (await lastMailTo(bed.handle, email))!;
    expect(mail).toMatchObject({ kind: "email_verification", subject: "Verify your email address" });
    expect(mail.text).toContain("http://localhost:3000/api/account/verify-email?token=");
    const token = tokenIn(mail.text, "/api/account/verify-email");
    expect(await verifyEmail(bed.handle.db, token, new Date(Date.now() + 25 * 3_600_000))).toBe(false);
    const first = await follow(token);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("http://localhost:3000/verify-email?status=verified");
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(true);
    const again = await follow(token);
    expect(again.headers.get("location")).toBe("http://localhost:3000/verify-email?status=invalid");
  });

  it("refuses both ways of connecting Stripe before verification, and connects after", async () => {
    const { who, email } = await signUp();
    const requestsBefore = stripe.sim.state.requests.length;
    await expect(beginConnect(bed.handle.db, who, stripe.deps)).rejects.toMatchObject({
      status: 403,
      code: "email_unverified",
      message: expect.stringMatching(/^Verify your email address before connecting Stripe/),
    });
    const byKey = await connectWithApiKey(bed.handle.db, who, "rk_test_abcdefghijklmnop", {
      appUrl: "http://localhost:3000",
    });
    expect(byKey).toMatchObject({ ok: false, code: "email_unverified" });
    expect(byKey.ok ? "" : byKey.message).toMatch(/^Verify your email address/);
    // The key went nowhere.
    expect(stripe.sim.state.requests.length).toBe(requestsBefore);
    await follow(tokenIn((await lastMailTo(bed.handle, email))!.text, "/api/account/verify-email"));
    const { url } = await beginConnect(bed.handle.db, who, stripe.deps);
    expect(url).toContain("/oauth/authorize?");
  });

  it("resend makes the earlier link stop working, and is refused once verified", async () => {
    const { user, email } = await signUp();
    const first = tokenIn((await lastMailTo(bed.handle, email))!.text, "/api/account/verify-email");
    await resendVerificationEmail(bed.handle.db, user.id);
    const mails = await mailsTo(bed.handle, email);
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[0]!.text, "/api/account/verify-email");
    expect(await verifyEmail(bed.handle.db, first)).toBe(false);
    expect(await verifyEmail(bed.handle.db, second)).toBe(true);
    await expect(resendVerificationEmail(bed.handle.db, user.id)).rejects.toMatchObject({
      status: 409,
      message: "Your email address is already verified",
    });
  });

  it("does not verify an address the user no longer has", async () => {
    const { user, email } = await signUp();
    const token = tokenIn((await lastMailTo(bed.handle, email))!.text, "/api/account/verify-email");
    await bed.handle.db
      .update(users)
      .set({ email: uniqueEmail("moved") })
      .where(eq(users.id, user.id));
    expect(await verifyEmail(bed.handle.db, token)).toBe(false);
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(false);
  });

  it("counts the demo login as verified", async () => {
    await seedDemo();
    const demo = await findUserByEmail(bed.handle.db, "demo@leadtrail.dev");
    expect(demo?.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("the migration counts accounts from before verification as verified", async () => {
    const { user } = await signUp();
    const migration = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith("_account_tokens.sql"))!;
    const backfill = fs
      .readFileSync(path.join(MIGRATIONS_FOLDER, migration), "utf8")
      .split("--> statement-breakpoint")
      .find((statement) => statement.includes("UPDATE"))!;
    await bed.handle.db.execute(sql.raw(backfill));
    const [row] = await bed.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.emailVerifiedAt!.getTime()).toBe(row!.createdAt.getTime());
  });
});
