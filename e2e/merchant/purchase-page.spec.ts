import { expect, test } from "@playwright/test";
import {
  connectStripe,
  newMerchant,
  seed,
  stripeScenario,
  stripeSimulatorState,
  uniqueEmail,
} from "../fixtures";

/**
 * A purchase explains its commission (SPEC §6): a referred sale, a refund that fails and a
 * partial dispute in Stripe, then the purchase's page from the Purchases list.
 */
test("a purchase page shows the sale, the commission's arithmetic, each adjustment and the events", async ({
  page,
  request,
}) => {
  const merchant = await newMerchant(page);
  const code = `eve${Date.now().toString(36)}`;
  await seed("/affiliates", {
    merchantEmail: merchant.email,
    email: uniqueEmail("eve"),
    code,
    firstName: "Eve",
  });
  const account = await connectStripe(page);

  await page.goto("/dashboard/settings/api-keys");
  const key = (await page.getByTestId("public-key").textContent()) ?? "";
  const tid = `e2eexplain${Date.now().toString(36)}`;
  const buyer = uniqueEmail("buyer");
  const visit = await request.post("/api/track/visit", {
    data: { key, tid, url: `https://shop.example/?afmc=${code}` },
  });
  expect(visit.status()).toBe(204);
  expect((await request.post("/api/track/lead", { data: { key, tid, email: buyer } })).status()).toBe(204);

  const sale = await stripeScenario("checkoutPayment", {
    account,
    email: buyer,
    amount: 10_000,
    clientReferenceId: tid,
  });
  await stripeScenario("refund", { account, charge: sale.charge, amount: 2000, status: "pending" });
  const snapshot = (await stripeSimulatorState()) as unknown as {
    state: { accounts: Record<string, { refunds: Record<string, { id: string }> }> };
  };
  const [refund] = Object.keys(snapshot.state.accounts[account]!.refunds);
  await stripeScenario("failRefund", { account, refund });
  await stripeScenario("dispute", { account, charge: sale.charge, amount: 3000 });

  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Purchases" }).click();
  await page.getByRole("table", { name: "Purchases" }).getByRole("link", { name: buyer }).click();
  await expect(page).toHaveURL(/\/dashboard\/purchases\/pur_/);
  await expect(page.getByRole("heading", { level: 1, name: "Purchase of $100.00" })).toBeVisible();
  for (const name of ["Sale", "Commission", "Adjustments", "Stripe events"])
    await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();

  // Test mode is marked; the failed refund takes nothing, the partial dispute takes its own amount.
  await expect(page.getByText("Test", { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("commission-formula")).toHaveText(
    "20% × $100.00 × ($100.00 − $30.00) ÷ $100.00 = $14.00",
  );
  await expect(page.getByTestId("commission-figure")).toHaveText("$14.00");
  await expect(page.getByText("On hold: a dispute is open").first()).toBeVisible();

  const adjustments = page.getByRole("table", { name: "Adjustments" });
  const failed = adjustments.getByRole("row").filter({ hasText: refund! });
  await expect(failed.getByRole("cell")).toHaveText([
    "Partial refund",
    refund!,
    "$20.00",
    "failed",
    "nothing (failed)",
    /^refund\.failed\s*evt_/,
  ]);
  const dispute = adjustments.getByRole("row").filter({ hasText: "Partial dispute" });
  await expect(dispute).toContainText("$30.00");
  await expect(dispute).toContainText("reduces the base and holds the commission");

  const events = page.getByRole("table", { name: "Stripe events" });
  await expect(events.getByRole("row").filter({ hasText: "refund.failed" })).toContainText("Processed");
  await expect(events.getByRole("row").filter({ hasText: "checkout.session.completed" })).toBeVisible();

  if (process.env.PURCHASE_PAGE_SCREENSHOT)
    await page.screenshot({ path: process.env.PURCHASE_PAGE_SCREENSHOT, fullPage: true });
});

test("a purchase id the merchant does not have is not found", async ({ page }) => {
  // The stored merchant of the merchant project: this test changes nothing.
  await page.goto("/dashboard/purchases/pur_doesnotexist");
  await expect(page.getByText("No such purchase")).toBeVisible();
});
