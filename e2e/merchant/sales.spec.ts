import { expect, test } from "@playwright/test";
import { connectStripe, expectAlert, newMerchant, seed, stripeScenario, uniqueEmail } from "../fixtures";

const SWITCH = "Track subscription charges by specific transactions";

test("the subscription tracking switch warns and asks before every change", async ({ page }) => {
  await newMerchant(page);
  await page.goto("/dashboard/apps/stripe");
  const toggle = page.getByRole("switch", { name: SWITCH });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await expect(page.getByText("Recommended")).toBeVisible();

  await toggle.click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("unintended and irreversible consequences");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  await toggle.click();
  await dialog.getByRole("button", { name: "Change setting" }).click();
  await expect(page.getByRole("status").filter({ hasText: "start and end dates" })).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await expect(page.getByRole("switch", { name: SWITCH })).toHaveAttribute("aria-checked", "false");

  // Turning it back on is just as deliberate.
  await page.getByRole("switch", { name: SWITCH }).click();
  await expect(page.getByRole("alertdialog")).toContainText("irreversible");
  await page.getByRole("alertdialog").getByRole("button", { name: "Change setting" }).click();
  await expect(page.getByRole("switch", { name: SWITCH })).toHaveAttribute("aria-checked", "true");
});

test("a referred visitor buys through Stripe, gets a partial refund, and the merchant sees it all", async ({
  page,
  request,
}) => {
  const merchant = await newMerchant(page);
  const code = `ada${Date.now().toString(36)}`;
  await seed("/affiliates", {
    merchantEmail: merchant.email,
    email: uniqueEmail("ada"),
    code,
    firstName: "Ada",
  });
  const account = await connectStripe(page);

  // The marketing site's script: a visit through the affiliate's link, then the sign-up.
  await page.goto("/dashboard/settings/api-keys");
  const key = (await page.getByTestId("public-key").textContent()) ?? "";
  const tid = `e2evisitor${Date.now().toString(36)}`;
  const buyer = uniqueEmail("buyer");
  expect(
    (
      await request.post("/api/track/visit", {
        data: { key, tid, url: `https://shop.example/?afmc=${code}` },
      })
    ).status(),
  ).toBe(204);
  expect((await request.post("/api/track/lead", { data: { key, tid, email: buyer } })).status()).toBe(204);

  // Checkout passes trackingId() as client_reference_id; Stripe sends the events to the app.
  const sale = await stripeScenario("checkoutPayment", {
    account,
    email: buyer,
    amount: 4999,
    clientReferenceId: tid,
  });
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Purchases" }).click();
  const purchase = page.getByRole("table", { name: "Purchases" }).getByRole("row").filter({ hasText: buyer });
  await expect(purchase).toContainText("$49.99");
  await expect(purchase).toContainText("Tracking id");
  await expect(purchase).toContainText(code);
  await expect(purchase).toContainText("Test");

  await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link", { name: "Commissions" })
    .click();
  const commission = page
    .getByRole("table", { name: "Commissions" })
    .getByRole("row")
    .filter({ hasText: code });
  await expect(commission).toContainText("$10.00");
  await expect(commission).toContainText("Pending (in hold)");

  await stripeScenario("refund", { account, charge: sale.charge, amount: 2500 });
  await page.reload();
  await expect(commission).toContainText("$5.00");
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Purchases" }).click();
  await expect(purchase).toContainText("partially refunded");
  await expect(purchase).toContainText("$25.00 refunded");

  // The same ledger through the REST API, with a key made in Settings.
  await page.goto("/dashboard/settings/api-keys");
  await page.getByRole("button", { name: "Create private key" }).click();
  const privateKey = (await page.getByTestId("new-private-key").textContent()) ?? "";
  const api = await request.get("/api/v1/commissions", {
    headers: { authorization: `Bearer ${privateKey}` },
  });
  expect(api.status()).toBe(200);
  expect((await api.json()).data).toEqual([
    expect.objectContaining({
      amount: 500,
      currency: "usd",
      status: "pending",
      kind: "sale",
      livemode: false,
    }),
  ]);
});

test("a flat commission is entered per currency, the store's first, yen without decimals", async ({
  page,
}) => {
  await newMerchant(page);
  await page.goto("/dashboard/settings/commissions");
  await page.getByLabel("Commission type").selectOption("flat");
  await expect(page.getByLabel("Currency 1")).toHaveValue("USD");
  await page.getByLabel("Flat amount in USD").fill("10");
  await page.getByRole("button", { name: "Add a currency" }).click();
  await expect(page.getByLabel("Currency 2")).toBeFocused();
  await page.getByLabel("Currency 2").fill("jpy");
  await page.getByLabel("Flat amount in JPY").fill("1500.5");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expectAlert(page, "JPY has no decimals: enter the flat amount in whole units");
  await page.getByLabel("Flat amount in JPY").fill("1500");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Commission plan saved." })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Commission type")).toHaveValue("flat");
  await expect(page.getByLabel("Currency 1")).toHaveValue("USD");
  await expect(page.getByLabel("Flat amount in USD")).toHaveValue("10.00");
  await expect(page.getByLabel("Currency 2")).toHaveValue("JPY");
  await expect(page.getByLabel("Flat amount in JPY")).toHaveValue("1500");

  // A currency twice is refused; removing the extra row saves again.
  await page.getByRole("button", { name: "Add a currency" }).click();
  await page.getByLabel("Flat amount 3").fill("12");
  await page.getByLabel("Currency 3").fill("usd");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expectAlert(page, "USD is listed twice: give each currency one flat amount");
  await page.getByRole("button", { name: "Remove the USD amount" }).last().click();
  await expect(page.getByLabel("Currency 3")).toHaveCount(0);

  // The store's currency leads the list when it changes.
  await page.getByLabel("Store currency").fill("jpy");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Commission plan saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Store currency")).toHaveValue("JPY");
  await expect(page.getByLabel("Currency 1")).toHaveValue("JPY");
  await expect(page.getByLabel("Flat amount in JPY")).toHaveValue("1500");
  await expect(page.getByLabel("Flat amount in USD")).toHaveValue("10.00");
  await page.getByLabel("Store currency").fill("xyz");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expectAlert(page, "Enter a currency code, such as USD or EUR");
});
