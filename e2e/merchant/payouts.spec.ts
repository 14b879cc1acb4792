import fs from "node:fs/promises";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { newMerchant, seed, signedOutPage, uniqueEmail } from "../fixtures";

/**
 * From sales to a paid payout: a live-mode Stripe connection, referred visitors who become
 * leads and buy (through the Stripe simulator's signed events), then approve, cancel, select,
 * create a payout batch, download its PayPal file and mark it paid; and the REST API on top.
 */

async function connectStripeLive(page: Page): Promise<string> {
  await page.goto("/dashboard/apps/store");
  await page.getByRole("button", { name: "Add Stripe" }).click();
  await page.getByRole("radio", { name: "Live mode" }).check();
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/apps\/stripe\?connected=1$/);
  return (await page.getByTestId("stripe-account").textContent()) ?? "";
}

async function addAffiliate(page: Page, first: string, email: string, code: string) {
  await page.goto("/dashboard/affiliates");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill("Tester");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Referral code").fill(code);
  await page.getByRole("button", { name: "Add affiliate" }).click();
  await expect(page.getByRole("heading", { name: `${first} Tester` })).toBeVisible();
}

async function setHoldDays(page: Page, days: number) {
  await page.goto("/dashboard/settings/commissions");
  await page.getByLabel("Hold period (days)").fill(String(days));
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Commission plan saved." })).toBeVisible();
}

/** A visitor arrives through the affiliate's link and signs up: the public tracking endpoints. */
async function referredLead(request: APIRequestContext, publicKey: string, code: string, email: string) {
  const tid = `v${Math.random().toString(36).slice(2, 12)}x`;
  const visit = await request.post("/api/track/visit", {
    data: { key: publicKey, tid, url: `https://shop.example/pricing?afmc=${code}` },
  });
  expect(visit.status()).toBe(204);
  const lead = await request.post("/api/track/lead", { data: { key: publicKey, tid, email } });
  expect(lead.ok()).toBe(true);
  return tid;
}

/** The lead pays in Stripe Checkout; the simulator delivers the signed events to the app. */
async function checkout(account: string, email: string, amount: number, tid: string) {
  const { deliveries } = await seed<{ deliveries: { type: string; status: number }[] }>(
    "/stripe-simulator/scenario",
    { name: "checkoutPayment", input: { account, email, amount, clientReferenceId: tid } } as never,
  );
  expect(deliveries.filter((d) => d.status !== 200)).toEqual([]);
}

const commissionRow = (page: Page, text: string) =>
  page.getByRole("table", { name: "Commissions" }).getByRole("row").filter({ hasText: text });

test("a merchant approves, cancels and pays commissions in a payout batch", async ({
  page,
  request,
  browser,
  playwright,
  baseURL,
}) => {
  await newMerchant(page, { company: "Ada's Shop" });
  const account = await connectStripeLive(page);

  await page.goto("/dashboard/settings/api-keys");
  const publicKey = (await page.getByTestId("public-key").textContent()) ?? "";
  await page.getByRole("button", { name: "Create private key" }).click();
  const privateKey = (await page.getByTestId("new-private-key").textContent()) ?? "";
  expect(privateKey).toMatch(/^lt_sk_/);

  const suffix = Date.now().toString(36);
  const maya = { email: uniqueEmail("maya"), code: `maya-${suffix}` };
  const sam = { email: uniqueEmail("sam"), code: `sam-${suffix}` };
  await addAffiliate(page, "Maya", maya.email, maya.code);
  await addAffiliate(page, "Sam", sam.email, sam.code);

  const mayaLead = await referredLead(request, publicKey, maya.code, "buyer-m@example.com");
  const samLead = await referredLead(request, publicKey, sam.code, "buyer-s@example.com");

  // Under the default 30-day hold the first sale's commission is pending; then no hold.
  await checkout(account, "buyer-m@example.com", 10_000, mayaLead); // $20.00, pending
  await setHoldDays(page, 0);
  await checkout(account, "buyer-s@example.com", 5_000, samLead); // $10.00, due
  await checkout(account, "buyer-m@example.com", 2_500, mayaLead); // $5.00, due
  await checkout(account, "buyer-s@example.com", 1_500, samLead); // $3.00, due → cancelled below

  await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link", { name: "Commissions" })
    .click();
  await expect(page.getByRole("heading", { name: "Commissions" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Commissions" }).getByRole("row")).toHaveCount(5);

  // Approve releases the pending commission from its hold.
  await expect(commissionRow(page, "$20.00")).toContainText("Pending (in hold)");
  await commissionRow(page, "$20.00").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Commission approved" })).toBeVisible();
  await expect(commissionRow(page, "$20.00")).toContainText("Due");
  await expect(commissionRow(page, "$20.00").getByRole("button", { name: "Approve" })).toHaveCount(0);

  // Cancel asks first.
  await commissionRow(page, "$3.00").getByRole("button", { name: "Cancel", exact: true }).click();
  const cancelDialog = page.getByRole("alertdialog", { name: "Cancel this commission?" });
  await expect(cancelDialog).toContainText("$3.00");
  await cancelDialog.getByRole("button", { name: "Cancel commission" }).click();
  await expect(commissionRow(page, "$3.00")).toContainText("Cancelled");

  // Filters: by status, then by affiliate.
  await page.getByLabel("Status").selectOption("due");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=due/);
  await expect(page.getByRole("table", { name: "Commissions" }).getByRole("row")).toHaveCount(4);
  await page.getByLabel("Affiliate").selectOption({ label: `Maya Tester (${maya.code})` });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/affiliate=aff_/);
  await expect(page.getByRole("table", { name: "Commissions" }).getByRole("row")).toHaveCount(3);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/dashboard\/commissions$/);
  await expect(page.getByLabel("Affiliate")).toHaveValue("");
  await page.getByLabel("Status").selectOption("due");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: "Commissions" }).getByRole("row")).toHaveCount(4);

  // Select the due commissions and create the batch.
  await page.getByRole("checkbox", { name: "Select all due commissions" }).check();
  await page.getByRole("button", { name: "Create payout (3 selected)" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payouts\/pay_\w+$/);
  const payoutId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: "Payout of $35.00" })).toBeVisible();
  await expect(page.getByTestId("payout-status")).toHaveText("Draft");
  const recipients = page.getByRole("table", { name: "Recipients" });
  await expect(recipients.getByRole("row").filter({ hasText: maya.email })).toContainText("$25.00");
  await expect(recipients.getByRole("row").filter({ hasText: sam.email })).toContainText("$10.00");

  // The PayPal mass-payment file.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`leadtrail-payout-${payoutId}.csv`);
  const csv = await fs.readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  expect(lines.pop()).toBe("");
  expect(lines.map((l) => l.split(",")[3]).sort()).toEqual([`${payoutId}-1`, `${payoutId}-2`]);
  expect(lines.map((l) => l.split(",").toSpliced(3, 1).join(",")).sort()).toEqual(
    [
      `${maya.email},25.00,USD,Affiliate commissions from Ada's Shop (2 commissions)`,
      `${sam.email},10.00,USD,Affiliate commissions from Ada's Shop (1 commission)`,
    ].sort(),
  );
  const response = await page.request.get(`/dashboard/payouts/${payoutId}/csv`);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toBe(
    `attachment; filename="leadtrail-payout-${payoutId}.csv"`,
  );
  // Signed out (no session cookie), the file is not served.
  const signedOut = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const anonymous = await signedOut.get(`/dashboard/payouts/${payoutId}/csv`, { maxRedirects: 0 });
  expect(anonymous.status()).toBe(307);

  // Mark as paid, after confirming.
  await page.getByRole("button", { name: "Mark as paid" }).click();
  const paidDialog = page.getByRole("alertdialog", { name: "Mark this payout as paid?" });
  await expect(paidDialog).toContainText("$35.00 to 2 affiliates");
  await paidDialog.getByRole("button", { name: "Mark as paid" }).click();
  await expect(page.getByTestId("payout-status")).toHaveText("Paid");
  await expect(page.getByRole("button", { name: "Mark as paid" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Payouts" }).click();
  const payoutRow = page
    .getByRole("table", { name: "Payouts" })
    .getByRole("row")
    .filter({ hasText: payoutId });
  await expect(payoutRow).toContainText("Paid");
  await expect(payoutRow).toContainText("$35.00");

  await page.goto("/dashboard/commissions?status=paid");
  await expect(page.getByRole("table", { name: "Commissions" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("checkbox", { name: "Select all due commissions" })).toBeDisabled();

  // The REST API with the key created above.
  const auth = { authorization: `Bearer ${privateKey}` };
  const paid = await request.get("/api/v1/commissions?status=paid", { headers: auth });
  expect(paid.status()).toBe(200);
  const paidBody = (await paid.json()) as {
    data: { payout_id: string; amount: number }[];
    next_cursor: null;
  };
  // Sales in the same second share a timestamp (Stripe's are in seconds), so compare as a set.
  expect(paidBody.data.map((c) => [c.amount, c.payout_id]).sort()).toEqual([
    [1000, payoutId],
    [2000, payoutId],
    [500, payoutId],
  ]);
  expect(paidBody.next_cursor).toBeNull();

  const leads = await request.get("/api/v1/leads?limit=1", { headers: auth });
  const leadsPage = (await leads.json()) as { data: { email: string }[]; next_cursor: string };
  expect(leadsPage.data.map((l) => l.email)).toEqual(["buyer-s@example.com"]);
  const next = await request.get(`/api/v1/leads?limit=1&cursor=${leadsPage.next_cursor}`, { headers: auth });
  expect(((await next.json()) as { data: { email: string }[] }).data.map((l) => l.email)).toEqual([
    "buyer-m@example.com",
  ]);

  const purchases = await request.get("/api/v1/purchases?livemode=true", { headers: auth });
  expect(((await purchases.json()) as { data: unknown[] }).data).toHaveLength(4);

  const created = await request.post("/api/v1/affiliates", {
    headers: auth,
    data: { email: uniqueEmail("api"), first_name: "Api", code: `api-${suffix}` },
  });
  expect(created.status()).toBe(201);
  const affiliate = (await created.json()) as { id: string; code: string };
  const patched = await request.patch(`/api/v1/affiliates/${affiliate.id}`, {
    headers: auth,
    data: { last_name: "Made", status: "inactive" },
  });
  expect(await patched.json()).toMatchObject({ id: affiliate.id, last_name: "Made", status: "inactive" });
  const list = await request.get("/api/v1/affiliates", { headers: auth });
  expect(((await list.json()) as { data: { id: string }[] }).data.map((a) => a.id)).toContain(affiliate.id);

  const anonymousApi = await request.get("/api/v1/affiliates");
  expect(anonymousApi.status()).toBe(401);
  expect(await anonymousApi.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  const wrongMethod = await request.delete("/api/v1/affiliates", { headers: auth });
  expect(wrongMethod.status()).toBe(405);
  const notJson = await request.post("/api/v1/affiliates", {
    headers: { ...auth, "content-type": "text/plain" },
    data: "email=x@example.com",
  });
  expect(notJson.status()).toBe(415);

  // Another merchant sees neither the payout nor its file.
  const stranger = await signedOutPage(browser);
  await newMerchant(stranger, { company: "Other Shop" });
  await stranger.goto(`/dashboard/payouts/${payoutId}`);
  await expect(stranger.getByText("No such payout")).toBeVisible();
  expect((await stranger.request.get(`/dashboard/payouts/${payoutId}/csv`)).status()).toBe(404);
  await stranger.goto("/dashboard/payouts");
  await expect(stranger.getByText("No payouts yet")).toBeVisible();
});
