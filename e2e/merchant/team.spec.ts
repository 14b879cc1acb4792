import { type Browser, expect, type Page, type Request, test } from "@playwright/test";
import { seed, signedOutPage, signUpMerchant, uniqueEmail } from "../fixtures";

/**
 * A merchant's team: the owner invites an admin and a viewer with links taken from the Team
 * page, and each role sees and may do what SPEC §14 says. The viewer's refusals are checked
 * twice: in the page (controls disabled, pages refused) and at the server, by replaying the
 * very server-action request the owner's browser sent, with the viewer's session cookie. That is
 * what anyone can do with the browser's developer tools, so it is the check that counts.
 */

const VIEWER = "Your role (viewer) can't make changes — ask an owner";
const ADMIN_NOT_OWNER = "Your role (admin) can't do this — only an owner can";

interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The next server-action POST the page sends (Next marks it with a Next-Action header). */
function captureAction(page: Page): Promise<CapturedAction> {
  return page
    .waitForRequest((req: Request) => req.method() === "POST" && Boolean(req.headers()["next-action"]))
    .then((req) => ({ url: req.url(), headers: req.headers(), body: req.postData() ?? "" }));
}

/** The same action called from another session: its cookie is the only thing that differs. */
async function replay(page: Page, action: CapturedAction, body = action.body) {
  const keep = ["next-action", "next-router-state-tree", "content-type", "accept", "origin"];
  const headers = Object.fromEntries(Object.entries(action.headers).filter(([name]) => keep.includes(name)));
  const res = await page.request.post(action.url, { headers, data: body });
  return { status: res.status(), text: await res.text() };
}

async function newPage(browser: Browser): Promise<Page> {
  return signedOutPage(browser);
}

async function invite(owner: Page, email: string, role: "Owner" | "Admin" | "Viewer"): Promise<string> {
  await owner.goto("/dashboard/settings/team");
  await owner.getByLabel("Member email").fill(email);
  await owner.getByLabel("Member role").selectOption({ label: role });
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status").filter({ hasText: `Invitation sent to ${email}` })).toBeVisible();
  return (await owner.getByTestId("member-invitation-link").textContent()) ?? "";
}

/** Someone new follows the link, sets a name and password, and lands in the dashboard. */
async function acceptAsNewcomer(page: Page, link: string, name: string, program: string) {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${program}` })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Join the team" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Password must be at least 8 characters" }),
  ).toBeVisible();
  await page.getByLabel("Password").fill("team-member-password");
  await page.getByRole("button", { name: "Join the team" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("program-name")).toHaveText(program);
}

test("an owner invites an admin and a viewer; each role is held to its rights in the page and at the server", async ({
  page: owner,
  browser,
}) => {
  test.setTimeout(120_000);
  const login = await signUpMerchant(owner, { company: "Team Shop", name: "Olga Owner" });
  await expect(owner.getByTestId("member-role")).toHaveText("Role: Owner");
  // Made-up sales, some of whose commissions are due (older than the 30-day hold).
  await seed("/activity", { merchantEmail: login.email, affiliates: "4", purchases: "40", testShare: "0" });

  // The owner creates the private key; the request is kept to replay as others.
  await owner.goto("/dashboard/settings/api-keys");
  const rotateRequest = captureAction(owner);
  await owner.getByRole("button", { name: "Create private key" }).click();
  const rotate = await rotateRequest;
  const key = (await owner.getByTestId("new-private-key").textContent()) ?? "";
  expect(key).toMatch(/^lt_sk_/);

  const adminEmail = uniqueEmail("admin");
  const viewerEmail = uniqueEmail("viewer");
  const adminLink = await invite(owner, adminEmail, "Admin");
  const viewerLink = await invite(owner, viewerEmail, "Viewer");
  expect(adminLink).toMatch(/\/team\/accept\?token=[0-9A-Za-z]{32}$/);
  const pending = owner.getByRole("table", { name: "Pending invitations" });
  await expect(pending.getByRole("row")).toHaveCount(3);
  await owner.reload();
  // Shown once: after a reload the links are gone from the page.
  await expect(owner.getByTestId("member-invitation-link")).toHaveCount(0);
  // The last owner cannot step down.
  await owner.getByLabel(`Role of ${login.email}`).selectOption("admin");
  await expect(
    owner
      .getByRole("alert")
      .filter({ hasText: "A program needs an owner: make someone else an owner first" }),
  ).toBeVisible();

  // The admin joins: no API keys anywhere, the audit log is theirs to read.
  const admin = await newPage(browser);
  await acceptAsNewcomer(admin, adminLink, "Adam Admin", "Team Shop");
  await expect(admin.getByTestId("member-role")).toHaveText("Role: Admin");
  await admin.goto("/dashboard/settings");
  await expect(admin.getByRole("link", { name: /Team/ })).toBeVisible();
  await expect(admin.getByRole("link", { name: /Audit log/ })).toBeVisible();
  await expect(admin.getByRole("link", { name: /API keys/ })).toHaveCount(0);
  await admin.goto("/dashboard/settings/api-keys");
  await expect(admin.getByRole("heading", { name: "This page is for owners" })).toBeVisible();
  await expect(admin.getByText(key.slice(0, 12))).toHaveCount(0);
  expect((await replay(admin, rotate)).text).toContain(ADMIN_NOT_OWNER);
  await admin.goto("/dashboard/settings/audit");
  const audit = admin.getByRole("table", { name: "Audit log" });
  await expect(
    audit.getByRole("row").filter({ hasText: `Invited ${adminEmail} to the team as an admin` }),
  ).toContainText("Olga Owner");
  await expect(audit.getByRole("row").filter({ hasText: "Joined the team as an admin" })).toContainText(
    "Adam Admin",
  );
  await admin.goto("/dashboard/settings/team");
  await expect(admin.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

  // The viewer joins: everything readable, nothing changeable.
  const viewer = await newPage(browser);
  await acceptAsNewcomer(viewer, viewerLink, "Vera Viewer", "Team Shop");
  await expect(viewer.getByTestId("viewer-notice")).toContainText("your role (viewer) can't make changes");
  await viewer.goto("/dashboard/commissions?status=due");
  const dueRows = viewer.locator("[data-commission-id]");
  await expect(dueRows.first()).toBeVisible();
  const dueIds = await dueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-commission-id")!));
  expect(dueIds.length).toBeGreaterThan(2);
  await expect(viewer.getByRole("button", { name: /Create payout/ })).toBeDisabled();
  await expect(
    viewer.getByRole("checkbox", { name: `Select commission ${dueIds[0]}`, exact: true }),
  ).toBeDisabled();
  await viewer.goto("/dashboard/settings/api-keys");
  await expect(viewer.getByRole("heading", { name: "This page is for owners" })).toBeVisible();
  await viewer.goto("/dashboard/settings/audit");
  await expect(viewer.getByRole("heading", { name: "This page is for owners and admins" })).toBeVisible();

  // The owner pays one due commission; that exact request, replayed by the viewer for the rest, is refused.
  await owner.goto("/dashboard/commissions?status=due");
  await owner.getByRole("checkbox", { name: `Select commission ${dueIds[0]}`, exact: true }).check();
  const payoutRequest = captureAction(owner);
  await owner.getByRole("button", { name: "Create payout (1 selected)" }).click();
  const createPayout = await payoutRequest;
  await expect(owner).toHaveURL(/\/dashboard\/payouts\/pay_/);
  const theirs = createPayout.body.replace(JSON.stringify([dueIds[0]]), JSON.stringify(dueIds.slice(1)));
  expect(theirs).toContain(dueIds[1]);
  const refused = await replay(viewer, createPayout, theirs);
  expect(refused.status).toBe(200);
  expect(refused.text).toContain(VIEWER);
  expect((await replay(viewer, rotate)).text).toContain(VIEWER);

  // Nothing the refused requests asked for happened.
  await owner.goto("/dashboard/payouts");
  await expect(owner.getByRole("table", { name: "Payouts" }).getByRole("row")).toHaveCount(2);
  await owner.goto("/dashboard/settings/api-keys");
  await expect(owner.getByTestId("private-key-prefix")).toHaveText(`${key.slice(0, 12)}…`);
  // The same replay from the admin's session goes through: the refusal above was the role's.
  const paid = await replay(
    admin,
    createPayout,
    createPayout.body.replace(JSON.stringify([dueIds[0]]), JSON.stringify([dueIds[1]])),
  );
  expect(paid.text).toContain('"ok":true');
  await owner.goto("/dashboard/payouts");
  await expect(owner.getByRole("table", { name: "Payouts" }).getByRole("row")).toHaveCount(3);

  // The owner makes the viewer an admin; at the viewer's next page the notice is gone.
  await owner.goto("/dashboard/settings/team");
  await owner.getByLabel(`Role of ${viewerEmail}`).selectOption("admin");
  await expect(
    owner.getByRole("status").filter({ hasText: `${viewerEmail} is now an admin.` }),
  ).toBeVisible();
  await viewer.goto("/dashboard/commissions?status=due");
  await expect(viewer.getByTestId("viewer-notice")).toHaveCount(0);
  await expect(
    viewer.getByRole("checkbox", { name: `Select commission ${dueIds[2]}`, exact: true }),
  ).toBeEnabled();
});

test("a member of two programs picks one after signing in, switches, and sees only each one's affiliates", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const alpha = await signUpMerchant(page, { company: "Alpha Goods" });
  const amy = uniqueEmail("amy");
  await seed("/affiliates", {
    merchantEmail: alpha.email,
    email: amy,
    code: `amy${Date.now()}`,
    firstName: "Amy",
  });

  const betaOwner = await newPage(browser);
  const beta = await signUpMerchant(betaOwner, { company: "Beta Supplies" });
  const ben = uniqueEmail("ben");
  await seed("/affiliates", {
    merchantEmail: beta.email,
    email: ben,
    code: `ben${Date.now()}`,
    firstName: "Ben",
  });
  const link = await invite(betaOwner, alpha.email, "Admin");

  // A stranger's program, to try switching into.
  const strangerPage = await newPage(browser);
  const stranger = await signUpMerchant(strangerPage, { company: "Gamma Secret" });
  const { merchantId: gammaId } = await seed<{ merchantId: string }>("/affiliates", {
    merchantEmail: stranger.email,
    email: uniqueEmail("gus"),
    code: `gus${Date.now()}`,
  });

  // Alpha's owner, signed in, accepts with their existing account.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Beta Supplies" })).toBeVisible();
  await page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("program-name")).toHaveText("Beta Supplies");
  await expect(page.getByTestId("member-role")).toHaveText("Role: Admin");
  await page.goto("/dashboard/affiliates");
  const affiliates = page.getByRole("table", { name: "Affiliates" });
  await expect(affiliates).toContainText(ben);
  await expect(affiliates).not.toContainText(amy);

  // Switching from the dashboard header.
  await page.getByLabel("Switch program").selectOption({ label: "Alpha Goods (owner)" });
  await expect(page.getByTestId("program-name")).toHaveText("Alpha Goods");
  await page.goto("/dashboard/affiliates");
  await expect(affiliates).toContainText(amy);
  await expect(affiliates).not.toContainText(ben);

  // Asking the session for a program they are not in changes nothing.
  const answer = await page.evaluate(async (merchantId) => {
    const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
    const res = await fetch("/api/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { merchantId } }),
    });
    return (await res.json()) as { user: { merchantId: string } };
  }, gammaId);
  expect(answer.user.merchantId).not.toBe(gammaId);
  await page.goto("/dashboard/affiliates");
  await expect(page.getByTestId("program-name")).toHaveText("Alpha Goods");
  await expect(affiliates).toContainText(amy);

  // Signing in again: the program chooser comes first.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(alpha.email);
  await page.getByLabel("Password").fill(alpha.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/programs\?callbackUrl=%2Fdashboard$/);
  await expect(page.getByRole("heading", { name: "Choose a program" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Gamma Secret/ })).toHaveCount(0);
  await page.getByRole("button", { name: /Beta Supplies/ }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("program-name")).toHaveText("Beta Supplies");
  await page.goto("/dashboard/affiliates");
  await expect(affiliates).toContainText(ben);
  await expect(affiliates).not.toContainText(amy);

  // Beta's owner removes them: their next page sends them back to the chooser.
  await betaOwner.goto("/dashboard/settings/team");
  await betaOwner
    .getByRole("row")
    .filter({ hasText: alpha.email })
    .getByRole("button", { name: "Remove" })
    .click();
  await betaOwner.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  await expect(betaOwner.getByRole("status").filter({ hasText: `${alpha.email} was removed` })).toBeVisible();
  await page.goto("/dashboard/affiliates");
  await expect(page).toHaveURL(/\/programs\?removed=1$/);
  await expect(page.getByText("You are no longer a member of that program.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Beta Supplies/ })).toHaveCount(0);
});
