import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";

/** Signed-in states the setup project (e2e/setup/) writes for the merchant and affiliate projects. */
export const AUTH_DIR = path.join(__dirname, ".auth");
export const MERCHANT_STATE = path.join(AUTH_DIR, "merchant.json");
export const AFFILIATE_STATE = path.join(AUTH_DIR, "affiliate.json");
export const ACCOUNTS_FILE = path.join(AUTH_DIR, "accounts.json");

export interface StoredAccounts {
  merchant: MerchantLogin;
  affiliate: { email: string; password: string; code: string };
}

/** The merchant and affiliate the stored states are signed in as. */
export function storedAccounts(): StoredAccounts {
  return JSON.parse(readFileSync(ACCOUNTS_FILE, "utf8")) as StoredAccounts;
}

export function uniqueEmail(prefix = "merchant"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
}

export interface MerchantLogin {
  name: string;
  company: string;
  email: string;
  password: string;
}

function merchantLogin(overrides: Partial<MerchantLogin>): MerchantLogin {
  return {
    name: "Ada Merchant",
    company: "Ada's Shop",
    email: uniqueEmail(),
    password: "correct-horse-battery",
    ...overrides,
  };
}

/**
 * Signs up through the real form, as a new merchant would, and lands on the dashboard. Only the
 * sign-up tests and the setup project need this; other tests take newMerchant(). The address is
 * verified as its owner would (the link in the mail, from the local mailbox) unless
 * `verify: false`: Stripe can only be connected once it is.
 */
export async function signUpMerchant(
  page: Page,
  overrides: Partial<MerchantLogin> = {},
  options: { verify?: boolean } = {},
): Promise<MerchantLogin> {
  const login = merchantLogin(overrides);
  // The project's stored session would send /signup on to the dashboard.
  await page.context().clearCookies();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(login.name);
  await page.getByLabel("Company").fill(login.company);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  if (options.verify !== false) {
    await page.goto(
      await mailLink(page, login.email, "Verify your email address", "/api/account/verify-email"),
    );
    await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  }
  return login;
}

/**
 * The link in the newest message to `to` with this subject, read the way a person running
 * Leadtrail locally reads it: in the local mailbox (/mail), where mail is caught when no SMTP
 * server is configured. Opens the message and returns the first link going to `path`.
 */
export async function mailLink(page: Page, to: string, subject: string, path: string): Promise<string> {
  await page.goto("/mail");
  await page
    .getByRole("table", { name: "Sent mail" })
    .getByRole("row")
    .filter({ hasText: to })
    .getByRole("link", { name: subject })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const link = page
    .getByRole("region", { name: "Plain text" })
    .getByRole("link")
    .filter({ hasText: path })
    .first();
  return (await link.getAttribute("href")) ?? "";
}

/**
 * A merchant of the test's own, made inside the app (no sign-up form) and signed in through
 * next-auth's credentials endpoint in the page's context; lands on the dashboard.
 */
export async function newMerchant(
  page: Page,
  overrides: Partial<MerchantLogin> = {},
): Promise<MerchantLogin> {
  const login = merchantLogin(overrides);
  await seed("/merchants", { ...login });
  await signInThroughApi(page, "merchant", login);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  return login;
}

/** Signs the page's context in as a merchant or an affiliate, replacing any session it had. */
export async function signInThroughApi(
  page: Page,
  provider: "merchant" | "affiliate",
  credentials: { email: string; password: string },
): Promise<void> {
  await page.context().clearCookies();
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await page.request.post(`/api/auth/callback/${provider}`, {
    form: { ...credentials, csrfToken: csrf.csrfToken, json: "true" },
  });
  const cookies = await page.context().cookies();
  if (!res.ok() || !cookies.some((c) => c.name.includes("session-token"))) {
    throw new Error(`signing in as ${provider} ${credentials.email} failed: ${res.status()}`);
  }
}

/** A browser of someone else (a visitor, an affiliate, a stranger): no stored session. */
export async function signedOutPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
) {
  const context = await browser.newContext({ ...options, storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** Signs in through the form, as its owner would, replacing any session the page had. */
export async function logIn(page: Page, login: Pick<MerchantLogin, "email" | "password">): Promise<void> {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

const controlUrl = `http://127.0.0.1:${process.env.E2E_CONTROL_PORT ?? 3101}`;

/** Seeds data inside the app's process through the harness's control port. */
export async function seed<T = unknown>(path: string, body: Record<string, string>): Promise<T> {
  const res = await fetch(controlUrl + path, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`seed ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Our alerts, not Next's route announcer (which also has role=alert). */
export async function expectAlert(page: Page, text: string): Promise<void> {
  await expect(page.getByRole("alert").filter({ hasText: text })).toHaveText(text);
}

export interface StripeSimulatorSnapshot {
  url: string;
  state: {
    accounts: Record<string, { id: string; livemode: boolean; deauthorized: boolean }>;
    oauthGrants: { account: string; livemode: boolean }[];
    deauthorizations: { account: string; by: "platform" | "account"; at: number }[];
    requests: { method: string; path: string; status: number; params: Record<string, unknown> }[];
  };
}

/** What the Stripe simulator running beside the app has seen (through the control port). */
export async function stripeSimulatorState(): Promise<StripeSimulatorSnapshot> {
  const res = await fetch(`${controlUrl}/stripe-simulator/state`);
  if (!res.ok) throw new Error(`stripe simulator state: ${res.status} ${await res.text()}`);
  return (await res.json()) as StripeSimulatorSnapshot;
}

/** Something happens in the merchant's Stripe account: the simulator's scenario helper of that name. */
export async function stripeScenario(name: string, input: Record<string, unknown>) {
  const res = await fetch(`${controlUrl}/stripe-simulator/scenario`, {
    method: "POST",
    body: JSON.stringify({ name, input }),
  });
  if (!res.ok) throw new Error(`scenario ${name} failed: ${res.status} ${await res.text()}`);
  const result = (await res.json()) as {
    deliveries: { type: string; status: number; body: string }[];
    charge: string | null;
    invoice: string | null;
    subscription: string | null;
  };
  const failed = result.deliveries.filter((d) => d.status !== 200);
  if (failed.length) throw new Error(`the app refused events: ${JSON.stringify(failed)}`);
  return result;
}

/** Apps → + App Store → Add Stripe → Connect my Stripe account; returns the connected account id. */
export async function connectStripe(page: Page): Promise<string> {
  await page.goto("/dashboard/apps/store");
  await page.getByRole("button", { name: "Add Stripe" }).click();
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
  return (await page.getByTestId("stripe-account").textContent()) ?? "";
}
