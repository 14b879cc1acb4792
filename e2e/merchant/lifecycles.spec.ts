import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import {
  connectStripe,
  newMerchant,
  seed,
  stripeScenario,
  stripeSimulatorState,
  uniqueEmail,
} from "../fixtures";

/**
 * Stripe's lifecycles as a merchant meets them (SPEC §5): a 14-day trial bought through the
 * hosted Checkout page with the visitor's tracking id earns nothing until its first paid invoice,
 * which earns for the referring affiliate; a refund of that invoice that fails at the bank takes
 * nothing from the commission.
 */
test("a trial bought through Checkout earns on its first paid invoice; a refund that fails takes nothing", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const merchant = await newMerchant(page);
  const code = `tia${Date.now().toString(36)}`;
  await seed("/affiliates", {
    merchantEmail: merchant.email,
    email: uniqueEmail("tia"),
    code,
    firstName: "Tia",
  });
  const account = await connectStripe(page);

  await page.goto("/dashboard/settings/api-keys");
  const key = (await page.getByTestId("public-key").textContent()) ?? "";
  const tid = `e2etrial${Date.now().toString(36)}`;
  const visit = await request.post("/api/track/visit", {
    data: { key, tid, url: `https://shop.example/pricing?afmc=${code}` },
  });
  expect(visit.status()).toBe(204);

  // The merchant's site starts Checkout with the tracking id, as the README says.
  const sim = await stripeSimulatorState();
  const simUrl = new URL(sim.url);
  const stripe = new Stripe("sk_test_leadtrail_simulator", {
    host: simUrl.hostname,
    port: Number(simUrl.port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const buyer = uniqueEmail("trialbuyer");
  const session = await stripe.checkout.sessions.create(
    {
      mode: "subscription",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "usd",
            unit_amount: 5000,
            recurring: { interval: "month" },
            product_data: { name: "Pro" },
          },
        },
      ],
      subscription_data: { trial_period_days: 14 },
      client_reference_id: tid,
      customer_email: buyer,
      // The shop's thank-you page; here, the app's own purchases page stands in for it.
      success_url: new URL("/dashboard/purchases?checkout=done", page.url()).toString(),
    },
    { stripeAccount: account },
  );
  await page.goto(session.url!);
  await page.getByRole("button", { name: "Pay" }).click();
  // Paying sends the buyer on to the success page once the events are sent.
  await page.waitForURL(/checkout=done/);

  // The trial: no purchase, no commission yet.
  await expect(page.getByRole("table", { name: "Purchases" }).getByRole("link", { name: buyer })).toHaveCount(
    0,
  );

  const completed = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount: account });
  const subscription =
    typeof completed.subscription === "string" ? completed.subscription : completed.subscription!.id;
  const trialEnd = await stripeScenario("trialEnded", { account, subscription });

  await page.goto("/dashboard/purchases");
  await page.getByRole("table", { name: "Purchases" }).getByRole("link", { name: buyer }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Purchase of $50.00" })).toBeVisible();
  await expect(page.getByText("Tracking id")).toBeVisible();
  await expect(page.getByText("20% × $50.00", { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("trial-purchase.png"), fullPage: true });

  // A refund of 20.00 that fails at the bank: the commission stays 10.00.
  await stripeScenario("refund", { account, charge: trialEnd.charge, amount: 2000, status: "pending" });
  const state = (await stripeSimulatorState()) as unknown as {
    state: { accounts: Record<string, { refunds: Record<string, { id: string; charge: string }> }> };
  };
  const refund = Object.values(state.state.accounts[account]!.refunds).find(
    (r) => r.charge === trialEnd.charge,
  )!;
  await stripeScenario("failRefund", { account, refund: refund.id });
  await page.reload();
  const adjustments = page.getByRole("table", { name: "Adjustments" });
  await expect(adjustments.getByRole("row").filter({ hasText: refund.id })).toContainText("failed");
  await expect(page.getByText("$10.00").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("failed-refund.png"), fullPage: true });
});
