import { expect, test } from "@playwright/test";
import { expectAlert, newMerchant, seed, stripeSimulatorState } from "../fixtures";

/** The simulator's authorize page, on the port the harness gave it. */
const simulatorAuthorizePage = new RegExp(`:${process.env.E2E_STRIPE_PORT ?? 3102}/oauth/authorize\\?`);

test("a merchant connects Stripe from the App Store and disconnects it", async ({ page }) => {
  await newMerchant(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Apps" }).click();
  await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
  await expect(page.getByText("No apps installed yet")).toBeVisible();
  await page.getByRole("link", { name: "+ App Store" }).click();
  await expect(page.getByRole("heading", { name: "App Store" })).toBeVisible();
  await expect(page.getByText("Stripe is simulated.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Paddle: coming soon" })).toBeDisabled();

  await page.getByRole("button", { name: "Add Stripe" }).click();
  // The simulator's authorize page, standing in for Stripe's.
  await expect(page).toHaveURL(simulatorAuthorizePage);
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();

  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
  const account = (await page.getByTestId("stripe-account").textContent()) ?? "";
  expect(account).toMatch(/^acct_/);
  await expect(page.getByRole("status").filter({ hasText: "Connected." })).toContainText(account);
  await expect(page.getByText("Stripe is simulated.")).toBeVisible();
  await expect(page.getByTestId("stripe-status")).toHaveText("Connected");
  await expect(page.getByText("Test mode")).toBeVisible();

  const simulated = await stripeSimulatorState();
  expect(simulated.state.oauthGrants.map((g) => g.account)).toContain(account);

  // The Apps page now lists Stripe, and the App Store shows it as installed.
  await page.getByRole("link", { name: "← Apps" }).click();
  await expect(page.getByRole("list", { name: "Installed apps" })).toContainText(account);
  await page.getByRole("link", { name: "Open Stripe" }).click();

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Disconnect from Stripe" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?disconnected=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Disconnected from Stripe." })).toBeVisible();
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");

  const after = await stripeSimulatorState();
  expect(after.state.deauthorizations).toContainEqual(expect.objectContaining({ account, by: "platform" }));
  expect(after.state.accounts[account]?.deauthorized).toBe(true);
});

test("a merchant who denies the connection sees why nothing was connected", async ({ page }) => {
  await newMerchant(page);
  await page.goto("/dashboard/apps/store");
  await page.getByRole("button", { name: "Add Stripe" }).click();
  await expect(page).toHaveURL(simulatorAuthorizePage);
  await page.getByRole("link", { name: "Deny" }).click();

  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?error=access_denied$/);
  await expectAlert(
    page,
    "You declined the connection in Stripe, so nothing was connected. You can try again at any time.",
  );
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");
  await expect(page.getByText("Stripe is simulated.")).toBeVisible();
});

test("an error code in the URL shows a fixed message, never the raw input", async ({ page }) => {
  // The stored merchant of the merchant project: this test changes nothing.
  await page.goto("/dashboard/apps/stripe?error=%3Cb%3Epwned%3C%2Fb%3E");
  await expectAlert(page, "Something went wrong with Stripe. Please try again.");
  await expect(page.getByText("pwned")).toHaveCount(0);
});

test("disconnecting in Stripe's dashboard ends the connection through the webhook", async ({ page }) => {
  await newMerchant(page);
  await page.goto("/dashboard/apps/store");
  await page.getByRole("button", { name: "Add Stripe" }).click();
  await page.getByRole("radio", { name: "Live mode" }).check();
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
  await expect(page.getByText("Live mode")).toBeVisible();
  const account = (await page.getByTestId("stripe-account").textContent()) ?? "";

  const { deliveries } = await seed<{ deliveries: { type: string; status: number }[] }>(
    "/stripe-simulator/deauthorize",
    { account },
  );
  expect(deliveries).toEqual([
    expect.objectContaining({ type: "account.application.deauthorized", status: 200 }),
  ]);

  await page.goto("/dashboard/apps/stripe");
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");
  await expect(page.getByText("Disconnected from Stripe's side")).toBeVisible();
});
