import { type Browser, expect, type Page, test } from "@playwright/test";
import { expectAlert, newMerchant, seed, signedOutPage, uniqueEmail } from "../fixtures";
import { type MarketingSite, startMarketingSite } from "../support/marketing-site";

const appUrl = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
let site: MarketingSite;

test.beforeAll(async () => {
  site = await startMarketingSite(Number(process.env.E2E_SITE_PORT ?? 3201), appUrl);
});
test.afterAll(async () => {
  await site?.close();
});

/** The merchant's public key, read from the snippet the dashboard tells them to paste. */
async function publicKeyFromSnippet(page: Page): Promise<string> {
  await page.goto("/dashboard/settings/tracking");
  const snippet = (await page.getByTestId("tracking-snippet").textContent()) ?? "";
  expect(snippet).toBe(
    `<script src="${appUrl}/track.js" data-key="${snippet.match(/data-key="(lt_pk_\w+)"/)?.[1]}" async></script>`,
  );
  return snippet.match(/data-key="(lt_pk_\w+)"/)![1]!;
}

/** A stranger's browser: its own cookies and storage. Any alert() would mean injected markup ran. */
async function visitorPage(browser: Browser): Promise<Page> {
  const page = await signedOutPage(browser);
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  return page;
}

const visitRecorded = (page: Page) =>
  page.waitForResponse(
    (res) => res.url() === `${appUrl}/api/track/visit` && res.request().method() === "POST",
  );

async function addAffiliate(
  page: Page,
  fields: { first: string; last: string; email: string; code: string },
) {
  await page.goto("/dashboard/affiliates");
  await page.getByLabel("First name").fill(fields.first);
  await page.getByLabel("Last name").fill(fields.last);
  await page.getByLabel("Email").fill(fields.email);
  await page.getByLabel("Referral code").fill(fields.code);
  await page.getByRole("button", { name: "Add affiliate" }).click();
}

/** Leads arrive by beacon while the visitor's page moves on, so the merchant reloads until they show. */
async function expectLeadRow(page: Page, email: string, affiliateText: string) {
  await expect(async () => {
    await page.goto("/dashboard/leads");
    const row = page.getByRole("table", { name: "Leads" }).getByRole("row").filter({ hasText: email });
    await expect(row).toHaveCount(1, { timeout: 500 });
    await expect(row.getByRole("cell").nth(1)).toHaveText(affiliateText, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
}

test("a referred visitor signs up on the merchant's site and the lead is the affiliate's", async ({
  page,
  browser,
}) => {
  await newMerchant(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: /Tracking/ }).click();
  await expect(page.getByTestId("installation-status")).toHaveText("No visits yet");
  const key = await publicKeyFromSnippet(page);

  const code = `maya-${Date.now().toString(36)}`;
  await addAffiliate(page, { first: "Maya", last: "Lopez", email: uniqueEmail("maya"), code });
  await expect(page.getByRole("heading", { name: "Maya Lopez" })).toBeVisible();
  await expect(page.getByTestId("referral-link")).toHaveText(`${appUrl}/?afmc=${code}`);

  // The merchant's website goes into the referral link once set.
  await page.goto("/dashboard/settings/tracking");
  await page.getByLabel("Website URL").fill(site.url(key));
  await page.getByRole("button", { name: "Save tracking settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tracking settings saved." })).toBeVisible();
  await page.goto("/dashboard/affiliates");
  await page.getByRole("link", { name: "Maya Lopez" }).click();
  const link = `${site.url(key)}?afmc=${code}`;
  await expect(page.getByTestId("referral-link")).toHaveText(link);

  // The visitor follows the link (the code's case does not matter), reads on, and signs up.
  const visitor = await visitorPage(browser);
  const firstVisit = visitRecorded(visitor);
  await visitor.goto(link.replace(code, code.toUpperCase()));
  expect((await firstVisit).status()).toBe(204);
  const secondVisit = visitRecorded(visitor);
  await visitor.getByRole("link", { name: "Sign up" }).click();
  expect((await secondVisit).status()).toBe(204);
  const email = uniqueEmail("signup");
  await visitor.getByLabel("Work email").fill(email);
  await visitor.getByLabel("Password").fill("hunter2-hunter2");
  await visitor.getByRole("button", { name: "Start free trial" }).click();
  await expect(visitor.getByRole("heading", { name: "Thanks!" })).toBeVisible();

  await expectLeadRow(page, email, `Maya Lopez (${code})`);
  await page
    .getByRole("table", { name: "Leads" })
    .getByRole("link", { name: /Maya Lopez/ })
    .click();
  await expect(page.getByTestId("affiliate-visits")).toHaveText("1");
  await expect(page.getByTestId("affiliate-leads")).toHaveText("1");
  await page.goto("/dashboard/affiliates");
  const row = page.getByRole("table", { name: "Affiliates" }).getByRole("row").filter({ hasText: code });
  await expect(row.getByRole("cell")).toHaveText([
    /^Maya Lopez.+@example\.com$/,
    "Active",
    code,
    "—",
    "1",
    "1",
    "$0.00",
    /^\w{3} \d{1,2}, \d{4}$/,
    "Deactivate",
  ]);

  await page.goto("/dashboard/settings/tracking");
  await expect(page.getByTestId("installation-status")).toHaveText(/^First visit received at .+ UTC$/);
});

test("recordLead, recordPurchase and trackingId from the site's own code, with an extra parameter", async ({
  page,
  browser,
}) => {
  const merchant = await newMerchant(page);
  const key = await publicKeyFromSnippet(page);
  await page.getByLabel("Extra affiliate parameters").fill("via, ref");
  await page.getByRole("button", { name: "Save tracking settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tracking settings saved." })).toBeVisible();
  const code = `kim${Date.now().toString(36)}`;
  const kim = await seed<{ id: string }>("/affiliates", {
    merchantEmail: merchant.email,
    email: uniqueEmail("kim"),
    code,
    firstName: "Kim",
  });

  const visitor = await visitorPage(browser);
  const visit = visitRecorded(visitor);
  await visitor.goto(`${site.url(key, "app")}?via=${code}`);
  expect((await visit).status()).toBe(204);
  const tid = (await visitor.locator("#tid").textContent()) ?? "";
  expect(tid).toMatch(/^[0-9a-z]{9,64}$/);
  // Kept in a first-party cookie on the site and in localStorage.
  const cookies = await visitor.context().cookies("http://127.0.0.1");
  expect(cookies.find((c) => c.name === "leadtrail_tid")?.value).toBe(tid);
  expect(await visitor.evaluate(() => localStorage.getItem("leadtrail_tid"))).toBe(tid);
  await visitor.reload();
  await expect(visitor.locator("#tid")).toHaveText(tid);
  // With the cookie gone, localStorage still knows the visitor.
  await visitor.context().clearCookies();
  await visitor.reload();
  await expect(visitor.locator("#tid")).toHaveText(tid);

  const email = uniqueEmail("app-user");
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByRole("button", { name: "Record lead" }).click();
  await expect(visitor.locator("#result")).toHaveText("recorded");
  await visitor.locator("#result").evaluate((el) => {
    el.textContent = "";
  });
  await visitor.getByRole("button", { name: "Record purchase" }).click();
  await expect(visitor.locator("#result")).toHaveText("recorded");
  // A bad email is refused (400), and the page is told so.
  await visitor.getByLabel("Email").fill("not-an-email");
  await visitor.getByRole("button", { name: "Record lead" }).click();
  await expect(visitor.locator("#result")).toHaveText("failed");

  await expectLeadRow(page, email, `Kim (${code})`);
  await expect(page.getByRole("table", { name: "Leads" }).getByRole("row")).toHaveCount(2);

  // Another merchant cannot open this merchant's affiliate, even knowing its id.
  const stranger = await signedOutPage(browser);
  await newMerchant(stranger);
  const response = await stranger.goto(`/dashboard/affiliates/${kim.id}`);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByText(code)).toHaveCount(0);
});

test("markup in names and links shows as text and never runs; duplicate codes are refused", async ({
  page,
  browser,
}) => {
  await newMerchant(page);
  const key = await publicKeyFromSnippet(page);
  const code = `xss-${Date.now().toString(36)}`;
  const first = `<img src=x onerror="window.__xss=1;alert(1)">`;
  const last = "<script>window.__xss=2</script>";
  await addAffiliate(page, { first, last, email: uniqueEmail("xss"), code });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${first} ${last}`);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator("main img")).toHaveCount(0);

  await addAffiliate(page, {
    first: "Copy",
    last: "Cat",
    email: uniqueEmail("copy"),
    code: code.toUpperCase(),
  });
  await expectAlert(page, `The referral code "${code.toUpperCase()}" is already in use (codes ignore case)`);
  await page.getByLabel("Referral code").fill("no spaces allowed");
  await page.getByRole("button", { name: "Add affiliate" }).click();
  await expectAlert(page, "Referral code may contain only letters, digits, - and _");

  const visitor = await visitorPage(browser);
  const visit = visitRecorded(visitor);
  await visitor.goto(`${site.url(key, "app")}?afmc=${code}&q=<script>alert(1)</script>`);
  expect((await visit).status()).toBe(204);
  const email = uniqueEmail("victim");
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByRole("button", { name: "Record lead" }).click();
  await expect(visitor.locator("#result")).toHaveText("recorded");

  page.on("dialog", (dialog) => {
    throw new Error(`markup ran in the dashboard: ${dialog.message()}`);
  });
  await expectLeadRow(page, email, `${first} ${last} (${code})`);
  await page.goto("/dashboard/affiliates");
  await expect(page.getByRole("link", { name: `${first} ${last}` })).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator("main img")).toHaveCount(0);
});

test("a key restricted to other origins records nothing from this site", async ({ page, browser }) => {
  await newMerchant(page);
  const key = await publicKeyFromSnippet(page);
  await page.getByLabel("Allowed origins").fill("https://shop.example");
  await page.getByRole("button", { name: "Save tracking settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tracking settings saved." })).toBeVisible();

  const visitor = await visitorPage(browser);
  const visit = visitRecorded(visitor);
  await visitor.goto(site.url(key));
  // The body of a keepalive request is not exposed to the test; unit tests cover its message.
  expect((await visit).status()).toBe(403);

  await page.reload();
  await expect(page.getByTestId("installation-status")).toHaveText("No visits yet");
  await page.getByLabel("Allowed origins").fill("https://shop.example/path");
  await page.getByRole("button", { name: "Save tracking settings" }).click();
  await expectAlert(
    page,
    '"https://shop.example/path" is not an origin: use the scheme and host only, like https://shop.example',
  );
});
