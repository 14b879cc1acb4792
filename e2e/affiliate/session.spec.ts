import { expect, test } from "@playwright/test";
import { storedAccounts } from "../fixtures";

test("the affiliate project starts signed in to the portal, and the dashboard refuses that session", async ({
  page,
}) => {
  const { affiliate } = storedAccounts();
  await page.goto("/portal");
  await expect(page.getByText(`Signed in as ${affiliate.email}`)).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/forbidden\?area=dashboard$/);
});
