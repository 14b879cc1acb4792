import type { ParsedMail } from "mailparser";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completeRoute } from "@/app/api/account/password-reset/complete/route";
import { POST as requestRoute } from "@/app/api/account/password-reset/route";
import { GET as verifyRoute } from "@/app/api/account/verify-email/route";
import { callApi } from "@/lib/api/testing";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { linkIn, startTestSmtp, type TestSmtp } from "@/lib/mail/testing";
import { registerMerchant } from "@/lib/merchants/sign-up";
import { beginConnect } from "@/lib/stripe/connect";
import { unpaced } from "@/lib/stripe/pacing";
import { connectThroughStripe, type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { createTestMerchant } from "@/lib/tracking/testing";
import { openResetLink } from "./password-reset";
import {
  type AccountsBed,
  newAffiliate,
  newMerchantUser,
  signIn,
  startAccountsBed,
  uniqueEmail,
} from "./testing";
import { isEmailVerified } from "./verification";

/**
 * The whole way, as people go it: the request, the message arriving at a real SMTP server, the
 * link in it followed, and signing in afterwards. Nothing is read from the database directly.
 */
let stripe: StripeTestbed;
let bed: AccountsBed;
let smtp: TestSmtp;
const APP = "http://localhost:3000";

beforeAll(async () => {
  smtp = await startTestSmtp();
  stripe = await startStripeTestbed();
  bed = await startAccountsBed(
    { SMTP_URL: smtp.url, MAIL_FROM: "Leadtrail <mail@leadtrail.test>" },
    stripe.handle,
  );
});
afterAll(async () => {
  await bed?.close();
  await stripe?.close();
  await smtp?.stop();
});

const jobDeps = { stripe: () => new Stripe("sk_test_unused"), pacer: unpaced };

/** Runs the mail jobs, then the message to `to` about `subject` as the SMTP server got it. */
async function arrived(to: string, subject: string, already = 0): Promise<ParsedMail> {
  await runJobsUntilIdle(bed.handle.db, jobDeps, { backoff: { baseMs: 20, maxMs: 200 }, pollMs: 20 });
  const matches = (m: ParsedMail) =>
    m.to !== undefined && JSON.stringify(m.to).includes(to) && m.subject === subject;
  await smtp.waitFor((m) => smtp.received.filter(matches).length > already && matches(m));
  return smtp.received.filter(matches).at(-1)!;
}

const post = (handler: typeof requestRoute, path: string, body: unknown) =>
  callApi(handler, { method: "POST", path, body, headers: { [CLIENT_IP_HEADER]: "192.0.2.200" } });

/** What the reset page does with the link: shows the form for a usable token, then submits it. */
async function followResetLink(link: string, audience: "merchant" | "affiliate", password: string) {
  const token = new URL(link).searchParams.get("token") ?? "";
  const page = await openResetLink(bed.handle.db, audience, token);
  return {
    page,
    answer: await post(completeRoute, "/api/account/password-reset/complete", { audience, token, password }),
  };
}

describe("through a real SMTP server", () => {
  it("a merchant resets a forgotten password and signs in with the new one; the link then fails", async () => {
    const { email } = await newMerchantUser(bed.handle, "forgotten-password", { verified: true });
    const asked = await post(requestRoute, "/api/account/password-reset", { audience: "merchant", email });
    expect(asked.status).toBe(200);
    const mail = await arrived(email, "Reset your password");
    expect(mail.from?.text).toContain("mail@leadtrail.test");
    expect(mail.html).toContain("Choose a new password");
    const link = linkIn(mail, `${APP}/reset-password?token=`);
    expect(mail.html).toContain(link.replaceAll("&", "&amp;"));

    const { page, answer } = await followResetLink(link, "merchant", "remembered-password");
    expect(page).toEqual({ email, programName: null });
    expect(answer).toMatchObject({ status: 200, body: { audience: "merchant", email } });
    expect(await signIn("merchant", { email, password: "remembered-password" })).toMatchObject({ email });
    expect(await signIn("merchant", { email, password: "forgotten-password" })).toBeNull();

    const replay = await followResetLink(link, "merchant", "attacker-password");
    expect(replay.page).toBeNull();
    expect(replay.answer.status).toBe(400);
    expect(replay.answer.body.error.message).toMatch(/^This reset link has expired or was already used/);
    expect(await signIn("merchant", { email, password: "attacker-password" })).toBeNull();
  });

  it("an affiliate resets their portal password for one program and signs in with it; the link then fails", async () => {
    const shop = await createTestMerchant(bed.handle.db);
    const email = uniqueEmail("partner");
    await newAffiliate(bed.handle, shop.id, email, "forgotten-password");
    const asked = await post(requestRoute, "/api/account/password-reset", {
      audience: "affiliate",
      email,
      program: shop.slug,
    });
    expect(asked.status).toBe(200);
    const mail = await arrived(email, "Reset your password");
    expect(mail.text).toContain(`affiliate portal account for ${shop.name}`);
    const link = linkIn(mail, `${APP}/portal/reset-password?token=`);

    const { page, answer } = await followResetLink(link, "affiliate", "new-portal-password");
    expect(page).toEqual({ email, programName: shop.name });
    expect(answer).toMatchObject({ status: 200, body: { audience: "affiliate", programSlug: shop.slug } });
    const credentials = { email, program: shop.slug };
    expect(await signIn("affiliate", { ...credentials, password: "new-portal-password" })).not.toBeNull();
    expect(await signIn("affiliate", { ...credentials, password: "forgotten-password" })).toBeNull();
    expect((await followResetLink(link, "affiliate", "another-password")).answer.status).toBe(400);
  });

  it("a new merchant's verification link verifies, and Stripe is refused until it is followed", async () => {
    const email = uniqueEmail("signup");
    const { user, merchant } = await registerMerchant(bed.handle.db, {
      name: "Grace",
      company: "Grace Goods",
      email,
      password: "grace-password-1",
    });
    const who = { merchantId: merchant.id, userId: user.id };
    await expect(beginConnect(bed.handle.db, who, stripe.deps)).rejects.toMatchObject({
      code: "email_unverified",
    });
    const mail = await arrived(email, "Verify your email address");
    const link = linkIn(mail, `${APP}/api/account/verify-email?token=`);
    const followed = await verifyRoute(new Request(link));
    expect(followed.status).toBe(303);
    expect(followed.headers.get("location")).toBe(`${APP}/verify-email?status=verified`);
    expect(await isEmailVerified(bed.handle.db, user.id)).toBe(true);
    const { result } = await connectThroughStripe(stripe, who);
    expect(result.ok).toBe(true);
    expect((await verifyRoute(new Request(link))).headers.get("location")).toBe(
      `${APP}/verify-email?status=invalid`,
    );
  });
});
