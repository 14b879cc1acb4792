import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import {
  ACCOUNTS_FILE,
  AFFILIATE_STATE,
  AUTH_DIR,
  MERCHANT_STATE,
  type StoredAccounts,
  seed,
  signInThroughApi,
  signUpMerchant,
  uniqueEmail,
} from "../fixtures";

/**
 * Signs in once per run and stores the sessions the merchant and affiliate projects start with
 * (playwright.config.ts): a merchant who signed up through the real form, and an affiliate of
 * theirs signed in at the portal. Tests that change a merchant's settings make their own.
 */
setup("a merchant and an affiliate are signed in", async ({ page }) => {
  mkdirSync(AUTH_DIR, { recursive: true });
  const merchant = await signUpMerchant(page, { company: "Setup Shop" });
  await page.context().storageState({ path: MERCHANT_STATE });

  const affiliate = {
    email: uniqueEmail("affiliate"),
    password: "affiliate-password",
    code: `setup${Date.now()}`,
  };
  await seed("/affiliates", { merchantEmail: merchant.email, ...affiliate });
  await signInThroughApi(page, "affiliate", affiliate);
  await page.goto("/portal");
  await expect(page.getByText(`Signed in as ${affiliate.email}`)).toBeVisible();
  await page.context().storageState({ path: AFFILIATE_STATE });

  const accounts: StoredAccounts = { merchant, affiliate };
  writeFileSync(ACCOUNTS_FILE, JSON.stringify(accounts, null, 2));
});
