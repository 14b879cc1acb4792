import fs from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { connectStripe, seed, signedOutPage, signUpMerchant, stripeScenario, uniqueEmail } from "../fixtures";

/** Screenshots for people reviewing the mail pages; not compared by the test. */
const SHOTS = process.env.MAIL_SHOTS_DIR ?? "/tmp/shots";

async function newPage(browser: Browser): Promise<Page> {
  return signedOutPage(browser, { viewport: { width: 1280, height: 900 } });
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
}

test("an invitation is mailed, listed under Sent mail, and its link takes the affiliate into the portal", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const merchant = await signUpMerchant(page);
  const email = uniqueEmail("grace");
  await page.getByRole("link", { name: "Affiliates" }).click();
  await page.getByRole("button", { name: "Invite someone" }).click();
  await page.getByLabel("Invitee email").fill(email);
  await page.getByLabel("Invitee first name").fill("Grace");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation emailed to ${email}`)).toBeVisible();
  const shown = (await page.getByTestId("invitation-link").textContent()) ?? "";

  // No SMTP server in this run: the message is caught and listed under Settings → Sent mail.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: /Sent mail/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/mail$/);
  await expect(page.getByRole("heading", { name: "Sent mail", level: 1 })).toBeVisible();
  const subject = `${merchant.company} invited you to its affiliate program`;
  const row = page.getByRole("table", { name: "Sent mail" }).getByRole("row").filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("Sent", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(row.getByRole("link", { name: subject })).toBeVisible();
  await shot(page, "sent-mail.png");

  await row.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const text = page.getByRole("region", { name: "Plain text" });
  await expect(text).toContainText("Hi Grace,");
  await expect(text).toContainText(`${merchant.company} invited you to join its affiliate program`);
  const link = text.getByRole("link", { name: /\/join\// });
  expect(await link.getAttribute("href")).toBe(shown);
  await shot(page, "message.png");

  // The invitee, signed out in their own browser, follows the link from the message.
  const affiliate = await newPage(browser);
  await affiliate.goto((await link.getAttribute("href"))!);
  await expect(affiliate.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await expect(affiliate.getByLabel("Email")).toHaveValue(email);
  await expect(affiliate.getByLabel("First name")).toHaveValue("Grace");
  await affiliate.getByLabel("Last name").fill("Hopper");
  await affiliate.getByLabel("Password").fill("compiler-pioneer");
  await affiliate.getByRole("button", { name: "Accept invitation" }).click();
  await expect(affiliate).toHaveURL(/\/portal$/);
  await expect(affiliate.getByRole("heading", { name: "Welcome, Grace Hopper" })).toBeVisible();

  // The optional new-commission notice can be turned off in the portal, and stays off.
  await affiliate.getByRole("link", { name: "Settings" }).click();
  const notices = affiliate.getByRole("switch", { name: "Email me about each new commission" });
  await expect(notices).toHaveAttribute("aria-checked", "true");
  await notices.click();
  await expect(affiliate.getByText("You will no longer get an email for each new commission.")).toBeVisible();
  await affiliate.reload();
  await expect(notices).toHaveAttribute("aria-checked", "false");
});

test("a new-commission notice is mailed, and its unsubscribe link works in a signed-out browser", async ({
  page,
  browser,
  request,
}) => {
  const merchant = await signUpMerchant(page);
  const code = `lin${Date.now().toString(36)}`;
  const email = uniqueEmail("lin");
  await seed("/affiliates", { merchantEmail: merchant.email, email, code, firstName: "Lin" });
  const account = await connectStripe(page);
  await page.goto("/dashboard/settings/api-keys");
  const key = (await page.getByTestId("public-key").textContent()) ?? "";
  const tid = `mailvisitor${Date.now().toString(36)}`;
  const buyer = uniqueEmail("buyer");
  await request.post("/api/track/visit", { data: { key, tid, url: `https://shop.example/?afmc=${code}` } });
  await stripeScenario("checkoutPayment", { account, email: buyer, amount: 4999, clientReferenceId: tid });

  await page.goto("/dashboard/mail");
  const subject = `[Test mode] You earned a $10.00 commission from ${merchant.company}`;
  const row = page.getByRole("table", { name: "Sent mail" }).getByRole("row").filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole("link", { name: subject })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await row.getByRole("link", { name: subject }).click();
  const text = page.getByRole("region", { name: "Plain text" });
  await expect(text).toContainText("A sale you referred");
  const stop = (await text.getByRole("link", { name: /\/unsubscribe\?/ }).getAttribute("href"))!;

  const affiliate = await newPage(browser);
  await affiliate.goto(stop);
  await expect(affiliate.getByRole("heading", { name: "Stop new-commission emails?" })).toBeVisible();
  await expect(affiliate.getByText(`emails ${email} each time`)).toBeVisible();
  await affiliate.getByRole("button", { name: "Stop these emails" }).click();
  await expect(affiliate.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  await affiliate.reload();
  await expect(affiliate.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();

  // An altered link is refused and changes nothing.
  const forged = new URL(stop);
  forged.searchParams.set("t", "A".repeat(43));
  await affiliate.goto(forged.toString());
  await expect(affiliate.getByText("This unsubscribe link is not valid")).toBeVisible();
});
