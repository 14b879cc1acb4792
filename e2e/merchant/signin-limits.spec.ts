import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { signedOutPage } from "../fixtures";
import { E2E_SECRETS } from "../harness/env";

/**
 * Sign-in limits are shared by every app process (SPEC §13): two `npm start` processes on one
 * PostgreSQL, wrong passwords spread across both, and the 11th is refused by either. Needs the
 * shared database, so it runs where DATABASE_URL is set (CI); the embedded one is one process's.
 */
const database = process.env.DATABASE_URL;
const base = Number(process.env.E2E_PORT ?? 3100) + 60;
const WINDOW_SECONDS = 8;

test.skip(!database, "two app processes need a shared PostgreSQL (set DATABASE_URL)");

const apps: ChildProcess[] = [];
test.afterAll(() => {
  // Each app runs in its own process group (npx → tsx → node): end the whole group.
  for (const app of apps) if (app.pid && app.exitCode === null) process.kill(-app.pid, "SIGTERM");
});

/** Refuses a taken port: an earlier server still on it would answer for the app under test. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once("error", () => reject(new Error(`port ${port} is already in use`)))
      .listen(port, () => probe.close(() => resolve()));
  });
}

async function startApp(port: number): Promise<string> {
  const url = `http://localhost:${port}`;
  await assertPortFree(port);
  const app = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      ...E2E_SECRETS,
      PORT: String(port),
      APP_URL: url,
      LEADTRAIL_JOBS: "off",
      LEADTRAIL_STRIPE_SIMULATOR: "0",
      // Shipped count, a short window so the test need not wait a minute.
      LIMIT_SIGNIN_ACCOUNT: `10/${WINDOW_SECONDS}s`,
      LIMIT_SIGNIN_IP: "10000/1m",
      LIMIT_SIGNUP_IP: "10000/1m",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  apps.push(app);
  // An app that exits (its port taken, say) fails the test at once, rather than a stale server answering.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app on port ${port} exited (${app.exitCode})`);
    if ((await fetch(`${url}/login`).catch(() => null))?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`the app on port ${port} did not start within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return url;
}

/** next-auth's credentials sign-in over HTTP, as its client does it. */
async function signIn(app: string, email: string, password: string) {
  const csrf = await fetch(`${app}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${app}/api/auth/callback/merchant`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const signedIn = res.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="));
  return { status: res.status, retryAfter: res.headers.get("retry-after"), signedIn };
}

test("the 11th wrong password is refused by either process, and the right one works after the lockout", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await signedOutPage(browser);
  const [first, second] = await Promise.all([startApp(base), startApp(base + 1)]);
  const email = `limits-${Date.now()}@example.com`;
  const password = "correct-horse-battery";
  await page.goto(`${first}/signup`);
  await page.getByLabel("Name").fill("Ada Merchant");
  await page.getByLabel("Company").fill("Ada's Shop");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  for (let i = 0; i < 10; i++) {
    const result = await signIn(i % 2 === 0 ? first : second, email, "wrong-password");
    expect(result, `wrong password ${i + 1}`).toMatchObject({ signedIn: false });
    expect(result.status, `wrong password ${i + 1}`).not.toBe(429);
  }
  for (const app of [first, second]) {
    const refused = await signIn(app, email, password);
    expect(refused).toMatchObject({ status: 429, signedIn: false });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);
  }
  await new Promise((resolve) => setTimeout(resolve, (WINDOW_SECONDS + 1) * 1000));
  expect(await signIn(second, email, password)).toMatchObject({ signedIn: true });
});
