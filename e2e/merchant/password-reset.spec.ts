import { expect, test } from "@playwright/test";
import { expectAlert, logIn, mailLink, signedOutPage, signUpMerchant, uniqueEmail } from "../fixtures";

const ANSWER = "If an account exists for that address, we've sent a link to reset its password.";

test("a merchant who forgot their password resets it from the emailed link; old sessions and the link end", async ({
  page,
  browser,
}) => {
  const login = await signUpMerchant(page);
  // Still signed in on another device.
  const laptop = await signedOutPage(browser);
  await logIn(laptop, login);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  // An address with no account gets the same answer.
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: ANSWER })).toBeVisible();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(login.email.toUpperCase());
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: ANSWER })).toBeVisible();

  const link = await mailLink(page, login.email, "Reset your password", "/reset-password?token=");
  expect(link).toMatch(/^http:\/\/localhost:\d+\/reset-password\?token=[0-9A-Za-z]{32}$/);
  await page.goto(link);
  await expect(page.getByText(`For ${login.email}.`)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("a-new-password");
  await page.getByLabel("Repeat new password").fill("a-different-one");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expectAlert(page, "The two passwords do not match.");
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat new password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expectAlert(page, "Password must be at least 8 characters");
  await page.getByLabel("New password", { exact: true }).fill("a-new-password");
  await page.getByLabel("Repeat new password").fill("a-new-password");
  await page.getByRole("button", { name: "Set new password" }).click();

  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByText("Your password was changed. Sign in with your new password.")).toBeVisible();
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectAlert(page, "Email or password is incorrect.");
  await logIn(page, { email: login.email, password: "a-new-password" });
  await expect(page.getByText(login.company)).toBeVisible();

  // The other device's session ended with the reset.
  await laptop.goto("/dashboard/affiliates");
  await expect(laptop).toHaveURL(/\/login/);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByText("This reset link has expired or was already used.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set new password" })).toHaveCount(0);
});

test("a new merchant sees the verification banner, cannot connect Stripe until verified, and resends the link", async ({
  page,
}) => {
  const login = await signUpMerchant(page, {}, { verify: false });
  const banner = page.getByRole("region", { name: "Verify your email" });
  await expect(banner).toContainText(`Verify your email. We sent a link to ${login.email}.`);
  await page.getByRole("link", { name: "Affiliates" }).click();
  await expect(banner).toBeVisible();

  await page.goto("/dashboard/apps/stripe");
  await expect(page.getByText("Verify your email to connect Stripe.")).toBeVisible();
  const refusal =
    "Verify your email address before connecting Stripe: follow the link we emailed you when you signed up, or resend it from the banner at the top of the dashboard.";
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await expectAlert(page, refusal);
  await page.getByLabel("Restricted API key").fill("rk_test_0123456789abcdefghij");
  await page.getByRole("button", { name: "Connect with API key" }).click();
  await expectAlert(page, refusal);
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");

  const first = await mailLink(page, login.email, "Verify your email address", "/api/account/verify-email");
  await page.goto("/dashboard");
  await banner.getByRole("button", { name: "Resend" }).click();
  await expect(banner.getByRole("status")).toHaveText(
    `We sent a new link to ${login.email}. Earlier links no longer work.`,
  );
  const second = await mailLink(page, login.email, "Verify your email address", "/api/account/verify-email");
  expect(second).not.toBe(first);

  await page.goto(first);
  await expect(page.getByText("This verification link has expired or was already used.")).toBeVisible();
  await page.goto(second);
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await page.getByRole("link", { name: "Go to your dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.goto("/dashboard/apps/stripe");
  await expect(page.getByText("Verify your email to connect Stripe.")).toHaveCount(0);
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
});
