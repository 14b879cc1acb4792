import { expect, type Page, test } from "@playwright/test";
import { connectStripe, newMerchant, seed, stripeScenario, stripeSimulatorState } from "../fixtures";

interface SimPromotionCode {
  id: string;
  code: string;
  active: boolean;
  metadata: Record<string, string>;
  promotion: { coupon: string };
}

/** The connected account's promotion codes, as the simulator holds them. */
async function promotionCodes(account: string): Promise<SimPromotionCode[]> {
  const { state } = await stripeSimulatorState();
  const accounts = state.accounts as unknown as Record<
    string,
    { promotionCodes: Record<string, SimPromotionCode> }
  >;
  return Object.values(accounts[account]?.promotionCodes ?? {});
}

async function activeCount(account: string, code: string) {
  return (await promotionCodes(account)).filter(
    (p) => p.active && p.code.toLowerCase() === code.toLowerCase(),
  ).length;
}

async function turnOnAutoSync(page: Page) {
  const toggle = page.getByRole("switch", { name: "Automatically Sync Affiliate Coupons" });
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Saved. Every affiliate's coupon code is being re-synced with Stripe." }),
  ).toBeVisible();
}

async function addAffiliate(page: Page, email: string, code: string) {
  await page.goto("/dashboard/affiliates");
  const form = page.getByRole("form", { name: "New affiliate" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Referral code").fill(code);
  await form.getByRole("button", { name: "Add affiliate" }).click();
  await expect(page).toHaveURL(/\/dashboard\/affiliates\/aff_/);
}

async function setCouponCode(page: Page, code: string) {
  const form = page.getByRole("form", { name: "Coupon code" });
  await form.getByLabel("Coupon code").fill(code);
  await form.getByRole("button", { name: "Save" }).click();
}

async function resync(page: Page) {
  const menuButton = page.getByRole("button", { name: "Re-sync" });
  await expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
  await menuButton.click();
  await page.getByRole("menu").getByRole("menuitem", { name: "stripe_connect" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Re-sync this coupon code with Stripe?" });
  await dialog.getByRole("button", { name: "Re-sync" }).click();
}

test("turning on automatic sync re-syncs every existing affiliate's code, with progress", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const AFFILIATES = 150;
  const login = await newMerchant(page);
  const { codes } = await seed<{ codes: string[] }>("/affiliates/bulk", {
    merchantEmail: login.email,
    count: String(AFFILIATES),
    prefix: "SPRING",
  });
  const account = await connectStripe(page);

  await page.getByLabel("Discount").selectOption("percent");
  await page.getByLabel("Percent off (%)").fill("15");
  await page.getByLabel("Duration").selectOption("repeating");
  await page.getByLabel("Months").fill("3");
  await turnOnAutoSync(page);

  // Stripe's test mode allows 25 requests a second: 150 codes take several seconds, so the bar
  // is seen part-way before it reaches the end.
  const bar = page.getByRole("progressbar", { name: "Coupon re-sync progress" });
  await expect(bar).toHaveAttribute("aria-valuemax", String(AFFILIATES));
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const now = Number(await bar.getAttribute("aria-valuenow"));
        seen.add(now);
        return now;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(AFFILIATES);
  expect([...seen].some((n) => n > 0 && n < AFFILIATES)).toBe(true);
  await expect(page.getByTestId("coupon-sync-state")).toHaveText("Re-sync finished");
  await expect(page.getByTestId("coupon-sync-done")).toHaveText(String(AFFILIATES));
  await expect(page.getByTestId("coupon-sync-failed")).toHaveText("0");
  await expect(page.getByTestId("coupon-sync-remaining")).toHaveText("0");

  // Progress lives in the database: a reload shows the finished run, and the saved settings.
  await page.reload();
  await expect(bar).toHaveAttribute("aria-valuenow", String(AFFILIATES));
  await expect(page.getByRole("switch", { name: "Automatically Sync Affiliate Coupons" })).toHaveAttribute(
    "aria-checked",
    "true",
  );
  await expect(page.getByLabel("Months")).toHaveValue("3");

  const promos = await promotionCodes(account);
  const active = promos.filter((p) => p.active);
  expect(active).toHaveLength(AFFILIATES);
  expect(new Set(active.map((p) => p.code.toLowerCase())).size).toBe(AFFILIATES);
  expect(active.map((p) => p.code).sort()).toEqual([...codes].sort());
  expect(new Set(active.map((p) => p.promotion.coupon)).size).toBe(1);

  // The affiliates list shows each code's state.
  await page.goto("/dashboard/affiliates?q=SPRING-7");
  const row = page.getByRole("row").filter({ hasText: "SPRING-7" }).first();
  await expect(row).toContainText("Synced");
});

test("a code set on an affiliate's page is synced without further clicks, and re-sync repairs it", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await newMerchant(page);
  const account = await connectStripe(page);
  await turnOnAutoSync(page);

  await addAffiliate(page, "maya@example.com", "maya");
  const affiliateId = page.url().split("/").pop()!;
  await setCouponCode(page, "MAYA-15");
  await expect(page.getByRole("status").filter({ hasText: "Coupon code saved." })).toBeVisible();
  await expect(page.getByTestId("coupon-sync-status")).toHaveText("Synced", { timeout: 15_000 });
  const [promo] = (await promotionCodes(account)).filter((p) => p.code === "MAYA-15");
  expect(promo).toMatchObject({ active: true, metadata: { leadtrail_affiliate_id: affiliateId } });

  // Deactivated in Stripe's dashboard: the page says so …
  await stripeScenario("promotionCodeUpdated", { account, promotionCode: promo!.id, active: false });
  await page.reload();
  await expect(page.getByTestId("coupon-sync-status")).toHaveText(
    "Failed: Promotion code MAYA-15 was deactivated in Stripe. Re-sync to make it active again.",
  );
  // … and Re-sync → stripe_connect → Re-sync brings it back, without a second code.
  await resync(page);
  await expect(page.getByRole("status").filter({ hasText: "Coupon code synced with Stripe." })).toBeVisible();
  await expect(page.getByTestId("coupon-sync-status")).toHaveText("Synced");
  expect(await activeCount(account, "MAYA-15")).toBe(1);

  // A changed code replaces the old one in Stripe.
  await setCouponCode(page, "MAYA-20");
  await expect(page.getByRole("status").filter({ hasText: "Coupon code saved." })).toBeVisible();
  // Stripe's side is the proof: the page may still show the old code's "Synced" for a moment.
  await expect.poll(() => activeCount(account, "MAYA-20"), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => activeCount(account, "MAYA-15")).toBe(0);
  await expect(page.getByTestId("coupon-sync-status")).toHaveText("Synced", { timeout: 15_000 });
});

test("a code Stripe already has on another coupon is reported, not taken over", async ({ page }) => {
  await newMerchant(page);
  const account = await connectStripe(page);
  await turnOnAutoSync(page);
  // The merchant made this code by hand in Stripe, for something else.
  const { url } = await stripeSimulatorState();
  const stripe = (path: string, body: Record<string, string>) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk_test_leadtrail_simulator",
        "stripe-account": account,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(body),
    }).then((r) => r.json() as Promise<{ id: string }>);
  const other = await stripe("/v1/coupons", { percent_off: "50", duration: "once" });
  await stripe("/v1/promotion_codes", {
    "promotion[type]": "coupon",
    "promotion[coupon]": other.id,
    code: "BLACKFRIDAY",
  });

  await addAffiliate(page, "sam@example.com", "sam");
  await setCouponCode(page, "blackfriday");
  const reason = `Code BLACKFRIDAY already exists in Stripe on coupon ${other.id}`;
  await expect(page.getByTestId("coupon-sync-status")).toHaveText(`Failed: ${reason}`, { timeout: 15_000 });
  expect(await activeCount(account, "BLACKFRIDAY")).toBe(1);

  await page.goto("/dashboard/affiliates");
  await expect(page.getByRole("row").filter({ hasText: "sam@example.com" })).toContainText(reason);

  // Letters, digits and dashes only, as Stripe requires.
  await page.getByRole("link", { name: "sam@example.com" }).click();
  await setCouponCode(page, "TEN_OFF");
  await expect(
    page.getByRole("alert").filter({ hasText: "Coupon code may contain only letters, digits and dashes" }),
  ).toBeVisible();
});
