import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type MerchantLogin, newMerchant, seed, signedOutPage, uniqueEmail } from "../fixtures";

const SCREENSHOTS = path.join(".data", "screenshots");

async function newPage(browser: Browser): Promise<Page> {
  return signedOutPage(browser, { viewport: { width: 1440, height: 1000 } });
}

/** The merchant's row for an affiliate in the Affiliates table. */
function affiliateRow(page: Page, text: string) {
  return page.getByRole("table", { name: "Affiliates" }).getByRole("row").filter({ hasText: text });
}

async function affiliateIdOf(page: Page, text: string): Promise<string> {
  const href = await affiliateRow(page, text).getByRole("link").first().getAttribute("href");
  return href!.split("/").pop()!;
}

test("a merchant invites an affiliate, who joins through the link and sees their link and coupon code", async ({
  page,
  browser,
}) => {
  const merchant = await newMerchant(page);
  const email = uniqueEmail("invitee");
  await page.getByRole("link", { name: "Affiliates" }).click();
  await page.getByRole("button", { name: "Invite someone" }).click();
  await page.getByLabel("Invitee email").fill(email);
  await page.getByLabel("Invitee first name").fill("Ada");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invitation-link").textContent()) ?? "";
  expect(link).toMatch(/\/join\/[a-z0-9-]+\?invite=[0-9A-Za-z]{32}$/);
  await expect(page.getByText(`Invitation emailed to ${email}`)).toBeVisible();
  await expect(affiliateRow(page, email).getByText("Pending approval")).toBeVisible();
  const code = (await affiliateRow(page, email).getByRole("cell").nth(2).textContent()) ?? "";
  expect(code).toMatch(/^ada[0-9a-z]{4}$/);
  const affiliateId = await affiliateIdOf(page, email);
  await seed("/affiliates/coupon-code", { merchantEmail: merchant.email, affiliateId, couponCode: "ADA10" });

  const affiliate = await newPage(browser);
  await affiliate.goto(link);
  await expect(affiliate.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await expect(affiliate.getByRole("heading", { name: merchant.company })).toBeVisible();
  await expect(affiliate.getByLabel("Email")).toHaveValue(email);
  await expect(affiliate.getByLabel("First name")).toHaveValue("Ada");
  await affiliate.getByLabel("Last name").fill("Lovelace");
  await affiliate.getByLabel("Password").fill("analytical-engine");
  await affiliate.getByRole("button", { name: "Accept invitation" }).click();

  await expect(affiliate).toHaveURL(/\/portal$/);
  await expect(affiliate.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
  const home = new URL(link).origin;
  await expect(affiliate.getByTestId("portal-referral-link")).toHaveText(`${home}/?afmc=${code}`);
  await expect(affiliate.getByTestId("portal-coupon-code")).toHaveText("ADA10");
  await affiliate.getByLabel(/Link to a specific page/).fill("/pricing?plan=pro");
  await affiliate.getByRole("button", { name: "Build link" }).click();
  await expect(affiliate.getByTestId("built-link")).toHaveText(`${home}/pricing?plan=pro&afmc=${code}`);
  await affiliate.getByLabel(/Link to a specific page/).fill("https://elsewhere.example/");
  await affiliate.getByRole("button", { name: "Build link" }).click();
  await expect(affiliate.getByText(`Links must point to ${new URL(home).host}`)).toBeVisible();
  await affiliate.getByRole("link", { name: "Commissions" }).click();
  await expect(affiliate.getByText("No commissions yet")).toBeVisible();
  await affiliate.getByRole("link", { name: "Payouts" }).click();
  await expect(affiliate.getByText("No payouts yet")).toBeVisible();

  // The link worked once; the merchant sees the affiliate active.
  const again = await newPage(browser);
  await again.goto(link);
  await expect(again.getByText("This invitation link has expired or was already used")).toBeVisible();
  await page.reload();
  await expect(affiliateRow(page, email).getByText("Active", { exact: true })).toBeVisible();
});

test("someone joins from the public page, waits for approval, and the merchant approves them", async ({
  page,
  browser,
}) => {
  const merchant = await newMerchant(page, { company: "Grace Goods" });
  await page.getByRole("link", { name: "Affiliates" }).click();
  const joinUrl = (await page.getByTestId("join-link").textContent()) ?? "";
  expect(joinUrl).toMatch(/\/join\/grace-goods-[a-z0-9]{4}$/);

  const affiliate = await newPage(browser);
  await affiliate.goto(joinUrl);
  await expect(affiliate.getByRole("heading", { name: "Grace Goods" })).toBeVisible();
  await expect(affiliate.getByTestId("commission-rate")).toHaveText("20%");
  await expect(affiliate.getByText("20% of every payment, for as long as the customer pays")).toBeVisible();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await affiliate.screenshot({ path: path.join(SCREENSHOTS, "join.png"), fullPage: true });
  const email = uniqueEmail("joiner");
  await affiliate.getByLabel("First name").fill("Sam");
  await affiliate.getByLabel("Last name").fill("Lee");
  await affiliate.getByLabel("Email").fill(email);
  await affiliate.getByLabel("Password").fill("sam-password-1");
  await affiliate.getByRole("button", { name: "Join the program" }).click();
  await expect(affiliate).toHaveURL(/\/portal$/);
  await expect(affiliate.getByRole("heading", { name: "Awaiting approval" })).toBeVisible();
  await expect(affiliate.getByTestId("portal-referral-link")).toHaveCount(0);

  // Joining twice with the same email is refused.
  const twice = await newPage(browser);
  await twice.goto(joinUrl);
  await twice.getByLabel("First name").fill("Sam");
  await twice.getByLabel("Last name").fill("Lee");
  await twice.getByLabel("Email").fill(email);
  await twice.getByLabel("Password").fill("sam-password-2");
  await twice.getByRole("button", { name: "Join the program" }).click();
  await expect(twice.getByRole("alert").filter({ hasText: "already in this program" })).toBeVisible();

  await page
    .getByRole("navigation", { name: "Filter by status" })
    .getByRole("link", { name: /Pending/ })
    .click();
  await expect(page).toHaveURL(/status=pending/);
  await expect(affiliateRow(page, email)).toHaveCount(1);
  await affiliateRow(page, email).getByRole("button", { name: "Approve Sam Lee" }).click();
  await expect(affiliateRow(page, email)).toHaveCount(0);
  await page
    .getByRole("navigation", { name: "Filter by status" })
    .getByRole("link", { name: "Active", exact: true })
    .click();
  await expect(affiliateRow(page, email).getByText("Active", { exact: true })).toBeVisible();

  await affiliate.reload();
  await expect(affiliate.getByTestId("portal-referral-link")).toHaveText(/\?afmc=sam[0-9a-z]{4}$/);
  expect(merchant.company).toBe("Grace Goods");
});

test("the overview charts a merchant's activity, live and test apart, and the portal an affiliate's", async ({
  page,
  browser,
}) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 1100 });
  const merchant: MerchantLogin = await newMerchant(page, { company: "Northwind Coffee" });
  await seed("/activity", {
    merchantEmail: merchant.email,
    affiliates: "24",
    visits: "18000",
    leads: "1600",
    purchases: "420",
    days: "120",
  });
  // One affiliate with a portal account, and activity of their own.
  const email = uniqueEmail("maya");
  const maya = await seed<{ id: string }>("/affiliates", {
    merchantEmail: merchant.email,
    email,
    code: `maya${Date.now().toString(36)}`,
    firstName: "Maya",
    password: "maya-password",
  });
  await seed("/activity", {
    merchantEmail: merchant.email,
    affiliateId: maya.id,
    visits: "2400",
    leads: "260",
    purchases: "64",
    days: "90",
    batch: "maya",
  });
  await seed("/affiliates/coupon-code", {
    merchantEmail: merchant.email,
    affiliateId: maya.id,
    couponCode: "MAYA15",
  });

  await page.goto("/dashboard");
  const visits = page.getByTestId("kpi-visits");
  await expect(visits).not.toHaveText("0");
  await expect(page.getByRole("table", { name: "Top affiliates" }).getByRole("row")).toHaveCount(6);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });
  await page.getByRole("radio", { name: "90 days" }).check();
  await expect(page).toHaveURL(/days=90/);
  await page.getByRole("tab", { name: /Revenue/ }).click();
  await expect(page.getByRole("tab", { name: /Revenue/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel", { name: "Revenue per day" })).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-revenue-90d.png"), fullPage: true });

  const liveRevenue = (await page.getByTestId("kpi-revenue").textContent()) ?? "";
  await page.getByRole("radio", { name: "Test mode" }).check();
  await expect(page.getByText("You are looking at test-mode purchases")).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).not.toHaveText(liveRevenue);
  await page.reload();
  await expect(page.getByRole("radio", { name: "Test mode" })).toBeChecked();

  await page.goto("/dashboard/affiliates?sort=earnings");
  await expect(page.getByRole("table", { name: "Affiliates" }).getByRole("row")).toHaveCount(26);
  await page.screenshot({ path: path.join(SCREENSHOTS, "affiliates.png"), fullPage: true });

  // Maya's page: what she earned, her sales, and a plan of her own.
  await page.goto(`/dashboard/affiliates/${maya.id}`);
  await expect(page.getByTestId("affiliate-earnings")).toContainText("in hold");
  const purchases = page.getByRole("table", { name: "Affiliate purchases" });
  await expect(purchases.getByRole("row")).toHaveCount(11);
  await expect(page.getByRole("table", { name: "Affiliate commissions" }).getByRole("row")).toHaveCount(11);
  const firstSale = (await purchases.getByRole("row").nth(1).textContent()) ?? "";
  await page
    .getByRole("navigation", { name: "Purchases pages" })
    .getByRole("button", { name: "Older" })
    .click();
  await expect(purchases.getByRole("row").nth(1)).not.toHaveText(firstSale);
  await page
    .getByRole("navigation", { name: "Purchases pages" })
    .getByRole("button", { name: "Newer" })
    .click();
  await expect(purchases.getByRole("row").nth(1)).toHaveText(firstSale);
  await page.getByRole("switch", { name: "Custom plan for this affiliate" }).click();
  await page.getByLabel("Rate (%)").fill("25");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Custom plan saved." })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "affiliate-detail.png"), fullPage: true });

  const portal = await newPage(browser);
  await portal.goto("/portal");
  await portal.getByLabel("Email").fill(email);
  await portal.getByLabel("Password").fill("maya-password");
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal.getByRole("heading", { name: "Welcome, Maya" })).toBeVisible();
  await expect(portal.getByText("You earn 25% of the sales you refer.")).toBeVisible();
  await expect(portal.getByTestId("portal-coupon-code")).toHaveText("MAYA15");
  await expect(portal.getByTestId("portal-visits")).not.toHaveText("0");
  await expect(portal.getByRole("table", { name: "Your commissions" }).getByRole("row")).toHaveCount(6);
  await portal.waitForTimeout(300);
  await portal.screenshot({ path: path.join(SCREENSHOTS, "portal.png"), fullPage: true });
  await portal.getByRole("link", { name: "Commissions" }).click();
  await expect(portal.getByRole("table", { name: "Your commissions" }).getByRole("row")).toHaveCount(26);
  await portal.screenshot({ path: path.join(SCREENSHOTS, "portal-commissions.png"), fullPage: true });
});
