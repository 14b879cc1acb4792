import { expect, test } from "@playwright/test";
import {
  expectAlert,
  logIn,
  newMerchant,
  seed,
  signedOutPage,
  signUpMerchant,
  uniqueEmail,
} from "../fixtures";

test("a merchant signs up, signs out and signs back in", async ({ page }) => {
  const login = await signUpMerchant(page);
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link")).toHaveText([
    "Overview",
    "Affiliates",
    "Leads",
    "Purchases",
    "Commissions",
    "Payouts",
    "Apps",
    "Settings",
  ]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);

  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectAlert(page, "Email or password is incorrect.");

  await logIn(page, login);
  await expect(page.getByText(login.company)).toBeVisible();
});

test("sign-up rejects a duplicate email and a short password", async ({ page }) => {
  const login = await signUpMerchant(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Someone");
  await page.getByLabel("Company").fill("Other");
  await page.getByLabel("Email").fill(login.email.toUpperCase());
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expectAlert(page, "Password must be at least 8 characters");
  await page.getByLabel("Password").fill("long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expectAlert(page, "An account with this email already exists");
});

test("a merchant creates and rotates the private API key", async ({ page }) => {
  await newMerchant(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: /API keys/ }).click();
  await expect(page.getByTestId("public-key")).toHaveText(/^lt_pk_/);
  await expect(page.getByText("No private key yet")).toBeVisible();

  await page.getByRole("button", { name: "Create private key" }).click();
  const first = (await page.getByTestId("new-private-key").textContent()) ?? "";
  expect(first).toMatch(/^lt_sk_[0-9A-Za-z]{32}$/);
  await expect(page.getByTestId("private-key-prefix")).toHaveText(`${first.slice(0, 12)}…`);

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Rotate private key" }).click();
  await expect(page.getByTestId("new-private-key")).not.toHaveText(first);
  const second = (await page.getByTestId("new-private-key").textContent()) ?? "";
  expect(second).toMatch(/^lt_sk_/);
  await expect(page.getByTestId("private-key-prefix")).toHaveText(`${second.slice(0, 12)}…`);

  // After a reload the key is never shown again, only its prefix.
  await page.reload();
  await expect(page.getByTestId("new-private-key")).toHaveCount(0);
  await expect(page.getByText(second)).toHaveCount(0);
});

test("an affiliate session is refused by the dashboard, a merchant session by the portal", async ({
  browser,
}) => {
  const merchantPage = await signedOutPage(browser);
  const merchant = await newMerchant(merchantPage);
  const affiliate = { email: uniqueEmail("affiliate"), password: "affiliate-password" };
  await seed("/affiliates", { merchantEmail: merchant.email, ...affiliate, code: `sam${Date.now()}` });

  // Merchant → portal is refused.
  await merchantPage.goto("/portal");
  await expect(merchantPage).toHaveURL(/\/forbidden\?area=portal$/);
  await expect(merchantPage.getByRole("heading", { name: "The portal is for affiliates" })).toBeVisible();

  // Affiliate signs in at /portal, then the dashboard is refused.
  const affiliatePage = await signedOutPage(browser);
  await affiliatePage.goto("/portal");
  await affiliatePage.getByLabel("Email").fill(affiliate.email);
  await affiliatePage.getByLabel("Password").fill(affiliate.password);
  await affiliatePage.getByRole("button", { name: "Sign in" }).click();
  await expect(affiliatePage.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(affiliatePage.getByText(`Signed in as ${affiliate.email}`)).toBeVisible();

  for (const path of ["/dashboard", "/dashboard/settings/api-keys"]) {
    await affiliatePage.goto(path);
    await expect(affiliatePage).toHaveURL(/\/forbidden\?area=dashboard$/);
    await expect(
      affiliatePage.getByRole("heading", { name: "The dashboard is for merchants" }),
    ).toBeVisible();
  }
  // A merchant's password does not open the portal, nor an affiliate's the dashboard.
  const stranger = await signedOutPage(browser);
  await stranger.goto("/login");
  await stranger.getByLabel("Email").fill(affiliate.email);
  await stranger.getByLabel("Password").fill(affiliate.password);
  await stranger.getByRole("button", { name: "Sign in" }).click();
  await expectAlert(stranger, "Email or password is incorrect.");
});
