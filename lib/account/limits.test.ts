import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completeRoute } from "@/app/api/account/password-reset/complete/route";
import { POST as requestRoute } from "@/app/api/account/password-reset/route";
import { callApi } from "@/lib/api/testing";
import { errorResponse } from "@/lib/http/public-route";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { openResetLink, RESET_REQUESTED } from "./password-reset";
import {
  type AccountsBed,
  lastMailTo,
  mailsTo,
  newMerchantUser,
  startAccountsBed,
  tokenIn,
  uniqueEmail,
} from "./testing";
import { resendVerificationEmail } from "./verification";

let bed: AccountsBed;

beforeAll(async () => {
  bed = await startAccountsBed({
    LIMIT_RESET_REQUEST_ACCOUNT: "2/1h",
    LIMIT_RESET_REQUEST_IP: "4/1m",
    LIMIT_RESET_SUBMIT_ACCOUNT: "2/1h",
    LIMIT_RESET_SUBMIT_IP: "3/1m",
    LIMIT_VERIFY_RESEND_ACCOUNT: "2/1h",
  });
});
afterAll(async () => {
  await bed?.close();
});

const ask = (email: string, ip: string, audience = "merchant") =>
  callApi(requestRoute, {
    method: "POST",
    path: "/api/account/password-reset",
    body: { audience, email },
    headers: { [CLIENT_IP_HEADER]: ip },
  });

const submit = (token: string, ip: string, password = "new-password-1") =>
  callApi(completeRoute, {
    method: "POST",
    path: "/api/account/password-reset/complete",
    body: { audience: "merchant", token, password },
    headers: { [CLIENT_IP_HEADER]: ip },
  });

describe("reset request limits", () => {
  it("answer 429 with Retry-After for the third request about one address, known or not", async () => {
    const known = await newMerchantUser(bed.handle, "old-password-1");
    for (const email of [known.email, uniqueEmail("nobody")]) {
      for (const ip of ["198.51.100.1", "198.51.100.2"]) {
        const ok = await ask(email, ip);
        expect(ok.status).toBe(200);
        expect(ok.body).toEqual({ message: RESET_REQUESTED });
      }
      const refused = await ask(email, "198.51.100.3");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
      expect(refused.body.error).toEqual({
        code: "rate_limited",
        message: "Too many password reset requests. Try again in 60 minutes.",
      });
    }
    // Two mails reached the real account, not three.
    expect(await mailsTo(bed.handle, known.email)).toHaveLength(2);
  });

  it("count every request from one address, whatever it asks about", async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < 4; i++) expect((await ask(uniqueEmail(`spray${i}`), ip)).status).toBe(200);
    const refused = await ask(uniqueEmail("spray"), ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.body.error.message).toMatch(/^Too many password reset requests\. Try again in /);
    expect((await ask(uniqueEmail("other"), "203.0.113.51")).status).toBe(200);
  });

  it("refuse malformed input with 400 and a bad body with 415 without counting it", async () => {
    const bad = await ask("nope", "203.0.113.60");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Enter a valid email address");
    const notJson = await callApi(requestRoute, {
      method: "POST",
      path: "/api/account/password-reset",
      body: "email=a@example.com",
      headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: "203.0.113.60" },
    });
    expect(notJson.status).toBe(415);
  });
});

describe("reset submission limits", () => {
  it("answer 429 per address before any password is hashed", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 3; i++) expect((await submit("A".repeat(32), ip)).status).toBe(400);
    const refused = await submit("A".repeat(32), ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body.error.message).toMatch(/^Too many attempts to set a new password\. Try again in /);
  });

  it("answer 429 per account, and a refused submission leaves the link usable later", async () => {
    const account = await newMerchantUser(bed.handle, "old-password-1");
    expect((await ask(account.email, "192.0.2.90")).status).toBe(200);
    const token = tokenIn((await lastMailTo(bed.handle, account.email))!.text, "/reset-password");
    // Two tries with a password the rules refuse, from two addresses: the account's allowance is spent.
    for (const ip of ["192.0.2.91", "192.0.2.92"]) {
      expect((await submit(token, ip, "")).status).toBe(400);
    }
    const refused = await submit(token, "192.0.2.93");
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(await openResetLink(bed.handle.db, "merchant", token)).toMatchObject({ email: account.email });
  });
});

describe("verification resend limits", () => {
  it("refuse the third resend within the hour with a RateLimitedError that answers 429", async () => {
    const { user } = await newMerchantUser(bed.handle, "password-1234");
    await resendVerificationEmail(bed.handle.db, user.id);
    await resendVerificationEmail(bed.handle.db, user.id);
    const error = await resendVerificationEmail(bed.handle.db, user.id).catch((e: unknown) => e);
    const res = errorResponse(error);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect((await res.json()).error.message).toBe(
      "Too many verification emails requested. Try again in 60 minutes.",
    );
  });
});
