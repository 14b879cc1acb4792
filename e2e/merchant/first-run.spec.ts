import { expect, type Page, test } from "@playwright/test";
import { connectStripe, logIn, seed, signUpMerchant, uniqueEmail } from "../fixtures";

const DEMO = { email: "demo@leadtrail.dev", password: "leadtrail-demo" };

/**
 * The first run a newcomer gets from `npm run dev`: the demo merchant's Try it panel, the demo
 * shop on its own origin (the real tracking snippet), the simulated Stripe Checkout, and a refund
 * made on Stripe's side reaching Leadtrail through its webhook.
 */
test("demo login: a referred visitor signs up and buys in the demo shop, then a refund takes the commission back", async ({
  page,
}) => {
  await logIn(page, DEMO);
  const panel = page.getByRole("region", { name: "Try it" });
  await expect(panel).toContainText("Local use only");
  const field = (name: string) => panel.getByTestId(`try-it-${name}`);

  // 1. The shop through Jane's referral link: a separate site, so its own tab.
  const [shop] = await Promise.all([
    page.waitForEvent("popup"),
    panel.getByRole("link", { name: "Open the shop via Jane Rivera's link" }).click(),
  ]);
  await expect(shop).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/lt_pk_\w+\/acct_\w+\/\?afmc=jane$/);
  await expect(shop.getByRole("heading", { name: "Notes that keep up with you" })).toBeVisible();
  await expect(field("visit")).toContainText("credited to jane");
  // The snippet's first visit ticks the checklist's last step (the seed did the other three).
  await expect(page.getByRole("region", { name: "Getting started" })).toContainText("4 of 4 done");

  // 2. Signing up there makes a lead (the snippet's autoWatch sends the email).
  const buyer = uniqueEmail("buyer");
  await shop.getByRole("link", { name: "Sign up" }).first().click();
  await shop.getByLabel("Email").fill(buyer);
  await shop.getByLabel("Password").fill("correct-horse-battery");
  await shop.getByRole("button", { name: "Create account" }).click();
  await expect(shop.getByRole("heading", { name: `Welcome, ${buyer}!` })).toBeVisible();
  await expect(field("lead")).toContainText(buyer);
  await expect(field("lead")).toContainText("credited to jane");

  // 3. Buying goes through the simulated Stripe Checkout, which sends the sale to the webhook.
  await payOnCheckout(shop, "Buy Lifetime");
  await expect(shop.getByText(`$99.00 paid by ${buyer}.`)).toBeVisible();
  await expect(field("purchase")).toHaveText("$99.00 · completed · credited to jane");
  await expect(field("commission")).toHaveText("$19.80 · pending");

  // The purchase and its commission are in the dashboard's own lists too.
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Purchases" }).click();
  const row = page.getByRole("table", { name: "Purchases" }).getByRole("row").filter({ hasText: buyer });
  await expect(row).toContainText("$99.00");
  await expect(row).toContainText("jane");
  await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link", { name: "Commissions" })
    .click();
  await expect(page.getByRole("row").filter({ hasText: "$19.80" }).first()).toBeVisible();

  // 4. The merchant refunds in (simulated) Stripe: the webhook cancels the commission.
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Overview" }).click();
  await panel.getByRole("button", { name: "Refund latest purchase" }).click();
  await expect(field("purchase")).toHaveText("$99.00 · refunded · credited to jane");
  await expect(field("commission")).toHaveText("$0.00 · cancelled");
  // A second refund of the same sale is refused by Stripe, and said so.
  await panel.getByRole("button", { name: "Refund latest purchase" }).click();
  await expect(panel.getByRole("alert")).toContainText("already been refunded");
});

test("a coupon code credits its affiliate without the link, and a dispute holds the commission", async ({
  page,
}) => {
  await logIn(page, DEMO);
  const panel = page.getByRole("region", { name: "Try it" });
  const field = (name: string) => panel.getByTestId(`try-it-${name}`);
  // The shop without any referral link: only Jane's coupon code (synced to Stripe) credits her.
  const href = await panel
    .getByRole("link", { name: "Open the shop via Omar Haddad's link" })
    .getAttribute("href");
  const shop = await page.context().newPage();
  await shop.goto(href!.replace(/\?.*$/, ""));
  const plan = shop.locator("form").filter({ hasText: "Acme Notes Pro" });
  await plan.getByLabel("Coupon code (optional)").fill("jane10");
  await payOnCheckout(shop, "Buy Pro");
  // $29.00 less Jane's 10% coupon; 20% of that is her commission.
  await expect(field("purchase")).toHaveText("$26.10 · completed · credited to jane");
  await expect(field("commission")).toHaveText("$5.22 · pending");
  await panel.getByRole("button", { name: "Dispute latest purchase" }).click();
  await expect(field("purchase")).toContainText("dispute open");
  await expect(field("commission")).toContainText("on hold");
});

async function payOnCheckout(shop: Page, button: string) {
  await shop.getByRole("button", { name: button }).click();
  await expect(shop).toHaveURL(/\/c\/pay\/cs_/);
  await shop.getByLabel("Name on card").fill("Test Buyer");
  const email = shop.getByLabel("Email");
  if (!(await email.inputValue())) await email.fill(uniqueEmail("walkin"));
  await shop.getByRole("button", { name: "Pay" }).click();
  await expect(shop.getByRole("heading", { name: "Thank you for your purchase" })).toBeVisible();
}

test("a new merchant's checklist ticks itself and can be dismissed; Try it asks for Stripe first", async ({
  page,
}) => {
  const merchant = await signUpMerchant(page);
  const checklist = page.getByRole("region", { name: "Getting started" });
  await expect(checklist).toContainText("0 of 4 done");
  await expect(page.getByRole("region", { name: "Try it" })).toContainText("Connect Stripe first");

  await seed("/affiliates", {
    merchantEmail: merchant.email,
    email: uniqueEmail("aff"),
    code: `a${Date.now()}`,
  });
  await connectStripe(page);
  await page.goto("/dashboard");
  await expect(checklist).toContainText("2 of 4 done");
  await expect(checklist.getByTestId("checklist-affiliate")).toContainText("(done)");
  await expect(checklist.getByTestId("checklist-stripe")).toContainText("(done)");
  await expect(checklist.getByRole("link", { name: "Set your commission plan" })).toBeVisible();

  await checklist.getByRole("button", { name: "Dismiss checklist" }).click();
  await expect(checklist).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(checklist).toBeHidden();
});

test("sample data fills the overview, marked, and goes again", async ({ page }) => {
  await logIn(page, DEMO);
  const panel = page.getByRole("region", { name: "Try it" });
  await panel.getByRole("button", { name: "Load sample data" }).click();
  await expect(panel.getByText("Sample data is loaded")).toBeVisible();
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Affiliates" }).click();
  await expect(page.getByText("(sample)").first()).toBeVisible();
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Overview" }).click();
  await panel.getByRole("button", { name: "Remove sample data" }).click();
  await expect(panel.getByRole("button", { name: "Load sample data" })).toBeVisible();
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Affiliates" }).click();
  await expect(
    page
      .getByRole("link", { name: /Jane Rivera/ })
      .or(page.getByText("Jane Rivera"))
      .first(),
  ).toBeVisible();
  await expect(page.getByText("(sample)")).toHaveCount(0);
});
