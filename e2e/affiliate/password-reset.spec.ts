import { expect, test } from "@playwright/test";
import { expectAlert, mailLink, seed, signedOutPage, signUpMerchant, uniqueEmail } from "../fixtures";

test("an affiliate who forgot their portal password resets it from the program's sign-in page", async ({
  page,
  browser,
}) => {
  const merchant = await signUpMerchant(page, { company: "Northwind Coffee" });
  await page.goto("/dashboard/affiliates");
  const joinUrl = (await page.getByTestId("join-link").textContent()) ?? "";
  const email = uniqueEmail("partner");
  await seed("/affiliates", {
    merchantEmail: merchant.email,
    email,
    code: "northfan",
    password: "old-portal-pass",
  });

  // Signed in to the portal on another device.
  const phone = await signedOutPage(browser);
  await phone.goto(new URL(joinUrl).pathname);
  await phone.getByRole("link", { name: "Sign in" }).click();
  await expect(phone.getByRole("heading", { name: "Sign in to the affiliate portal" })).toBeVisible();
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Password").fill("old-portal-pass");
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.getByRole("heading", { name: /^Welcome/ })).toBeVisible();

  const affiliate = await signedOutPage(browser);
  await affiliate.goto(new URL(joinUrl).pathname);
  await affiliate.getByRole("link", { name: "Sign in" }).click();
  await affiliate.getByRole("link", { name: "Forgot password?" }).click();
  await expect(affiliate).toHaveURL(/\/portal\/forgot-password\?program=/);
  await expect(
    affiliate.getByText("Enter the email of your Northwind Coffee affiliate account."),
  ).toBeVisible();
  await affiliate.getByLabel("Email").fill(email);
  await affiliate.getByRole("button", { name: "Send reset link" }).click();
  await expect(
    affiliate.getByText("If an account exists for that address, we've sent a link to reset its password."),
  ).toBeVisible();

  const link = await mailLink(affiliate, email, "Reset your password", "/portal/reset-password?token=");
  await affiliate.goto(link);
  await expect(affiliate.getByText(`For your Northwind Coffee affiliate account, ${email}.`)).toBeVisible();
  await affiliate.getByLabel("New password", { exact: true }).fill("new-portal-pass");
  await affiliate.getByLabel("Repeat new password").fill("new-portal-pass");
  await affiliate.getByRole("button", { name: "Set new password" }).click();

  await expect(affiliate).toHaveURL(/\/portal\?reset=1&program=/);
  await expect(
    affiliate.getByText("Your password was changed. Sign in with your new password."),
  ).toBeVisible();
  await affiliate.getByLabel("Email").fill(email);
  await affiliate.getByLabel("Password").fill("old-portal-pass");
  await affiliate.getByRole("button", { name: "Sign in" }).click();
  await expectAlert(affiliate, "Email or password is incorrect.");
  await affiliate.getByLabel("Password").fill("new-portal-pass");
  await affiliate.getByRole("button", { name: "Sign in" }).click();
  await expect(affiliate.getByRole("heading", { name: /^Welcome/ })).toBeVisible();

  // The other device is signed out: the portal shows its sign-in again.
  await phone.goto("/portal");
  await expect(phone.getByRole("heading", { name: "Sign in to the affiliate portal" })).toBeVisible();
  await phone.goto("/portal/commissions");
  await expect(phone.getByRole("heading", { name: "Sign in to the affiliate portal" })).toBeVisible();

  await affiliate.goto(link);
  await expect(affiliate.getByText("This reset link has expired or was already used.")).toBeVisible();
});
