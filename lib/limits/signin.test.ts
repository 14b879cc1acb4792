import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "@/db";
import { createTestDatabase } from "@/db/testing";
import { installAppDatabase } from "@/lib/api/testing";
import { authOptions } from "@/lib/auth/options";
import { signInGuard } from "@/lib/auth/signin-guard";
import { resetEnvCache } from "@/lib/env";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { installLimitStore } from "./index";
import { recordSignInFailure, recordSignInSuccess, signInAccount, signInRefusal } from "./signin";
import { databaseStore } from "./store";

/**
 * Two database clients on one PostgreSQL stand for two app processes: each has its own
 * connections and its own store object, and only the database is shared.
 */
const postgres = process.env.DATABASE_URL;
let first: DbHandle & { url?: string };
let second: DbHandle;

beforeAll(async () => {
  first = await createTestDatabase();
  second = first.url ? await openDatabase({ url: first.url }) : first;
});
afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgres)("sign-in limits across processes", () => {
  it("refuses the 11th wrong password within the window from either process, then lets the owner in", async () => {
    const stores = [databaseStore(first.db), databaseStore(second.db)];
    const rules = { account: { points: 10, windowMs: 2000 }, ip: { points: 1000, windowMs: 60_000 } };
    const account = signInAccount("merchant", "Owner@Example.com");
    for (let i = 0; i < 10; i++) {
      const store = stores[i % 2]!;
      expect(
        await signInRefusal(store, rules, { ip: `10.0.0.${i}`, account }),
        `attempt ${i + 1}`,
      ).toBeNull();
      await recordSignInFailure(store, rules, account);
    }
    for (const store of stores) {
      const refusal = await signInRefusal(store, rules, { ip: "10.0.1.1", account });
      expect(refusal).toMatchObject({ allowed: false, resetSeconds: 2 });
    }
    await sleep(2100);
    // The lockout is over: the right password goes through and clears the failures.
    expect(await signInRefusal(stores[1]!, rules, { ip: "10.0.1.1", account })).toBeNull();
    await recordSignInSuccess(stores[1]!, account);
    // A second run of failures locks for twice as long.
    for (let i = 0; i < 10; i++) await recordSignInFailure(stores[i % 2]!, rules, account);
    expect(await signInRefusal(stores[0]!, rules, { ip: "10.0.1.1", account })).toMatchObject({
      allowed: false,
      resetSeconds: 4,
    });
  });

  it("counts every attempt from one address, whichever account it tries", async () => {
    const stores = [databaseStore(first.db), databaseStore(second.db)];
    const rules = { account: { points: 10, windowMs: 60_000 }, ip: { points: 30, windowMs: 60_000 } };
    for (let i = 0; i < 30; i++) {
      const attempt = { ip: "203.0.113.9", account: `merchant:user${i}@example.com` };
      expect(await signInRefusal(stores[i % 2]!, rules, attempt)).toBeNull();
    }
    const refusal = await signInRefusal(stores[0]!, rules, { ip: "203.0.113.9", account: "merchant:x@y.z" });
    expect(refusal?.allowed).toBe(false);
    expect(
      await signInRefusal(stores[0]!, rules, { ip: "203.0.113.10", account: "merchant:x@y.z" }),
    ).toBeNull();
  });
});

describe("the sign-in route", () => {
  it("answers 429 with Retry-After after ten wrong passwords, before checking another", async () => {
    process.env.NEXTAUTH_SECRET ||= "limits-test-secret-0123456789abcdef";
    resetEnvCache();
    const restoreDb = installAppDatabase(first);
    const restoreStore = installLimitStore(databaseStore(first.db));
    try {
      await signUpMerchant(first.db, {
        name: "Guarded",
        company: "Guarded Shop",
        email: "guarded@example.com",
        password: "right-password-1",
      });
      type Credentials = {
        options: { id: string; authorize(raw: Record<string, string>): Promise<unknown> };
      };
      const provider = (authOptions().providers as unknown as Credentials[]).find(
        (p) => p.options.id === "merchant",
      )!;
      const authorize = (password: string) =>
        provider.options.authorize({ email: "guarded@example.com", password });
      const callback = () =>
        signInGuard(
          new Request("http://localhost/api/auth/callback/merchant", {
            method: "POST",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-leadtrail-client-ip": "198.51.100.7",
            },
            body: new URLSearchParams({ email: "Guarded@example.com", password: "guess" }),
          }),
        );
      for (let i = 0; i < 10; i++) {
        expect(await callback()).toBeNull();
        expect(await authorize(`wrong-${i}`)).toBeNull();
      }
      const refused = (await callback())!;
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(50);
      const body = await refused.json();
      expect(body.error.message).toMatch(/^Too many sign-in attempts\. Try again in a minute\.$/);
      // What next-auth's signIn() reads to report the error to the form.
      expect(new URL(body.url).searchParams.get("error")).toBe("rate_limited");
      expect(await authorize("right-password-1")).toMatchObject({ email: "guarded@example.com" });
    } finally {
      restoreStore();
      restoreDb();
    }
  });
});
