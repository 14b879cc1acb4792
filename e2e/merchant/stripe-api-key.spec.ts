import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { newMerchant, seed, stripeSimulatorState, uniqueEmail } from "../fixtures";

interface OwnAccount {
  webhookEndpoints: Record<string, { id: string; url: string; enabled_events: string[] }>;
  promotionCodes: Record<string, { code: string; active: boolean }>;
}

async function ownAccount(account: string): Promise<OwnAccount | undefined> {
  const { state } = await stripeSimulatorState();
  return (state.accounts as unknown as Record<string, OwnAccount>)[account];
}

test("a self-hosting merchant connects with a restricted key: sales arrive through the endpoint, coupons sync, disconnect removes it", async ({
  page,
  request,
}) => {
  const merchant = await newMerchant(page);
  const prefix = `KEY${Date.now().toString(36).toUpperCase()}`;
  const { codes } = await seed<{ codes: string[] }>("/affiliates/bulk", {
    merchantEmail: merchant.email,
    count: "1",
    prefix,
  });
  const referral = `${prefix.toLowerCase()}-0`;
  const { key, account } = await seed<{ key: string; account: string }>("/stripe-simulator/own-key", {});
  expect(key).toMatch(/^rk_test_/);

  // Apps → + App Store: the key field beside Connect, with the permissions to grant.
  await page.goto("/dashboard/apps/store");
  await page.getByText("Which key to create").click();
  await expect(page.getByText("Checkout Sessions, Disputes, Refunds, Credit notes, Events")).toBeVisible();
  await page.getByLabel("Restricted API key").fill("pk_test_notasecretkey123");
  await page.getByRole("button", { name: "Connect with API key" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That is a publishable key" })).toBeVisible();
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");

  await page.getByLabel("Restricted API key").fill(key);
  await page.getByRole("button", { name: "Connect with API key" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
  await expect(page.getByTestId("stripe-status")).toHaveText("Connected");
  await expect(page.getByTestId("stripe-account")).toHaveText(account);
  await expect(page.getByText("Test mode")).toBeVisible();
  const endpoints = Object.values((await ownAccount(account))?.webhookEndpoints ?? {});
  expect(endpoints).toHaveLength(1);
  expect(endpoints[0]?.url).toMatch(/\/api\/stripe\/webhook\/sc_\w+$/);

  // A visit through the affiliate's link, the sign-up, then a purchase on the simulator's Checkout.
  await page.goto("/dashboard/settings/api-keys");
  const publicKey = (await page.getByTestId("public-key").textContent()) ?? "";
  const tid = `e2ekey${Date.now().toString(36)}`;
  const buyer = uniqueEmail("keybuyer");
  await request.post("/api/track/visit", {
    data: { key: publicKey, tid, url: `https://shop.example/?afmc=${referral}` },
  });
  await request.post("/api/track/lead", { data: { key: publicKey, tid, email: buyer } });
  const { url: simUrl } = await stripeSimulatorState();
  const shopKey = await seed<{ key: string }>("/stripe-simulator/own-key", {
    kind: "secret",
    account,
  });
  const base = new URL(simUrl);
  const shop = new Stripe(shopKey.key, { host: base.hostname, port: base.port, protocol: "http" });
  const session = await shop.checkout.sessions.create({
    mode: "payment",
    line_items: [
      { quantity: 1, price_data: { currency: "usd", unit_amount: 4999, product_data: { name: "Course" } } },
    ],
    // The buyer comes back to a page that loads here (the shop's own thank-you page, in real life).
    success_url: new URL("/dashboard?paid=1", page.url()).toString(),
    customer_email: buyer,
    client_reference_id: tid,
  });
  await page.goto(session.url ?? "");
  await page.getByRole("button", { name: "Pay" }).click();
  // Paying delivers the sale's events before Checkout sends the buyer to the shop's success page.
  await page.waitForURL(/\/dashboard\?paid=1$/);

  const { state } = await stripeSimulatorState();
  const deliveries = (
    state as unknown as { deliveries: { endpoint?: string; status: number; type: string }[] }
  ).deliveries.filter((d) => d.endpoint === endpoints[0]?.id);
  expect(deliveries.map((d) => d.type)).toContain("checkout.session.completed");
  expect(deliveries.every((d) => d.status === 200)).toBe(true);

  await page.goto("/dashboard/purchases");
  const purchase = page.getByRole("table", { name: "Purchases" }).getByRole("row").filter({ hasText: buyer });
  await expect(purchase).toContainText("$49.99");
  await expect(purchase).toContainText(referral);
  await expect(purchase).toContainText("Tracking id");
  await purchase.getByRole("link", { name: buyer }).click();
  await expect(page.getByTestId("commission-figure")).toHaveText("$10.00");

  // Automatically Sync Affiliate Coupons: the promotion code is made in the merchant's own account.
  await page.goto("/dashboard/apps/stripe");
  const toggle = page.getByRole("switch", { name: "Automatically Sync Affiliate Coupons" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect
    .poll(
      async () =>
        Object.values((await ownAccount(account))?.promotionCodes ?? {}).filter(
          (p) => p.active && p.code === codes[0],
        ).length,
      { timeout: 20_000 },
    )
    .toBe(1);

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Disconnect from Stripe" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?disconnected=1$/);
  await expect(page.getByTestId("stripe-status")).toHaveText("Not connected");
  expect(Object.keys((await ownAccount(account))?.webhookEndpoints ?? {})).toEqual([]);
});

test("a key revoked in Stripe shows on the Stripe app page as needing attention", async ({ page }) => {
  await newMerchant(page);
  const { key, account } = await seed<{ key: string; account: string }>("/stripe-simulator/own-key", {});
  await page.goto("/dashboard/apps/stripe");
  await page.getByLabel("Restricted API key").fill(key);
  await page.getByRole("button", { name: "Connect with API key" }).click();
  await expect(page.getByTestId("stripe-status")).toHaveText("Connected");

  await seed("/stripe-simulator/revoke-key", { key });
  // The next sale's events cannot be read with the key: Stripe is asked to retry, and the page says why.
  const res = await fetch(
    `http://127.0.0.1:${process.env.E2E_CONTROL_PORT ?? 3101}/stripe-simulator/scenario`,
    {
      method: "POST",
      body: JSON.stringify({
        name: "checkoutPayment",
        input: { account, email: uniqueEmail("late"), amount: 900 },
      }),
    },
  );
  const { deliveries } = (await res.json()) as { deliveries: { status: number }[] };
  expect(deliveries.some((d) => d.status === 500)).toBe(true);
  await page.reload();
  await expect(page.getByTestId("stripe-status")).toHaveText("Needs attention");
  await expect(page.getByRole("alert").filter({ hasText: "Needs attention." })).toContainText(
    "Stripe no longer accepts the API key",
  );
});
