import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db";
import { findAffiliateLogin } from "@/db/queries/affiliate-accounts";
import { affiliateInvitations, affiliates, merchants } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import { saveCommissionOverride } from "@/lib/commissions/overrides";
import { effectivePlan } from "@/lib/commissions/plan";
import type { AppError } from "@/lib/errors";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { acceptInvitation, invitationLink, inviteAffiliate, openInvitation } from "./invitations";
import { joinProgram } from "./join";
import { changeAffiliateStatus } from "./status";

let handle: DbHandle;
let db: Database;
beforeAll(async () => {
  // Invitations are mailed, their bodies sealed at rest.
  process.env.ENCRYPTION_KEY ||= TEST_ENCRYPTION_KEY;
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: AppError) => ({ status: error.status, message: error.message }),
  );

describe("invitations", () => {
  it("add a pending affiliate whose single-use link sets the password and activates them", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    const first = await inviteAffiliate(db, shop.id, "usr_1", {
      email: "Ada@Example.com",
      firstName: "Ada",
      lastName: "",
    });
    expect(first.affiliate).toMatchObject({
      email: "ada@example.com",
      status: "pending",
      passwordHash: null,
    });
    expect(first.affiliate.code).toMatch(/^ada[0-9a-z]{4}$/);
    // Only the hash is stored.
    const stored = await db
      .select()
      .from(affiliateInvitations)
      .where(eq(affiliateInvitations.affiliateId, first.affiliate.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(first.token);
    expect(invitationLink("http://app.test", shop.slug, first.token)).toBe(
      `http://app.test/join/${shop.slug}?invite=${first.token}`,
    );

    // Inviting again replaces the link: the first one stops working.
    const second = await inviteAffiliate(db, shop.id, "usr_1", { email: "ada@example.com" });
    expect(second.affiliate.id).toBe(first.affiliate.id);
    expect(await openInvitation(db, shop.id, first.token)).toBeNull();
    expect(await openInvitation(db, other.id, second.token)).toBeNull();
    expect((await openInvitation(db, shop.id, second.token))?.id).toBe(first.affiliate.id);

    const accepted = await acceptInvitation(db, shop.id, {
      token: second.token,
      firstName: "Ada",
      lastName: "Lovelace",
      password: "analytical-engine",
    });
    expect(accepted).toMatchObject({ status: "active", firstName: "Ada", lastName: "Lovelace" });
    expect(await verifyPassword(accepted.passwordHash!, "analytical-engine")).toBe(true);
    expect(await findAffiliateLogin(db, "ada@example.com", shop.slug)).toHaveLength(1);

    expect(
      await failure(
        acceptInvitation(db, shop.id, {
          token: second.token,
          firstName: "X",
          lastName: "Y",
          password: "another-password",
        }),
      ),
    ).toEqual({
      status: 404,
      message: "This invitation link has expired or was already used. Ask for a new one.",
    });
    expect(await failure(inviteAffiliate(db, shop.id, "usr_1", { email: "ada@example.com" }))).toMatchObject({
      status: 409,
    });
  });

  it("stop working when the merchant deactivates the affiliate", async () => {
    const shop = await createTestMerchant(db);
    const { token, affiliate } = await inviteAffiliate(db, shop.id, "usr_1", { email: "gone@example.com" });
    await changeAffiliateStatus(db, {
      merchantId: shop.id,
      userId: "usr_1",
      affiliateId: affiliate.id,
      move: "deactivate",
    });
    expect(await openInvitation(db, shop.id, token)).toBeNull();
    expect(
      await failure(
        acceptInvitation(db, shop.id, { token, firstName: "G", lastName: "O", password: "gone-password" }),
      ),
    ).toMatchObject({ status: 404 });
    const [row] = await db.select().from(affiliates).where(eq(affiliates.id, affiliate.id));
    expect(row).toMatchObject({ status: "inactive", passwordHash: null });
    // Inviting them again is refused until they are reactivated: the link would not open.
    expect(await failure(inviteAffiliate(db, shop.id, "usr_1", { email: "gone@example.com" }))).toEqual({
      status: 409,
      message: "Reactivate this affiliate before inviting them",
    });
  });

  it("expire", async () => {
    const shop = await createTestMerchant(db);
    const { token, affiliate } = await inviteAffiliate(db, shop.id, "usr_1", { email: "late@example.com" });
    await db
      .update(affiliateInvitations)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(affiliateInvitations.affiliateId, affiliate.id));
    expect(await openInvitation(db, shop.id, token)).toBeNull();
    expect(
      await failure(
        acceptInvitation(db, shop.id, { token, firstName: "L", lastName: "A", password: "late-password" }),
      ),
    ).toMatchObject({ status: 404 });
  });
});

describe("joining a program", () => {
  it("is pending until approved, or active when the merchant approves automatically; an email joins once", async () => {
    const shop = await createTestMerchant(db);
    const joined = await joinProgram(db, shop, {
      firstName: "Sam",
      lastName: "Lee",
      email: "sam@example.com",
      password: "sam-password",
    });
    expect(joined).toMatchObject({ status: "pending", email: "sam@example.com", firstName: "Sam" });
    expect(
      await failure(
        joinProgram(db, shop, {
          firstName: "Sam",
          lastName: "Lee",
          email: "SAM@example.com",
          password: "sam-password",
        }),
      ),
    ).toMatchObject({
      status: 409,
    });
    expect(
      await failure(
        joinProgram(db, shop, {
          firstName: "",
          lastName: "Lee",
          email: "x@example.com",
          password: "sam-password",
        }),
      ),
    ).toEqual({
      status: 400,
      message: "First name is required",
    });
    await db.update(merchants).set({ autoApproveAffiliates: true }).where(eq(merchants.id, shop.id));
    const auto = await joinProgram(
      db,
      { ...shop, autoApproveAffiliates: true },
      {
        firstName: "Kim",
        lastName: "Park",
        email: "kim@example.com",
        password: "kim-password",
      },
    );
    expect(auto.status).toBe("active");
  });
});

describe("approval and plan overrides", () => {
  it("move status only from the allowed statuses and only within the merchant", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    const sam = await createTestAffiliate(db, shop.id, "sam", { status: "pending" });
    const p = { merchantId: shop.id, userId: "usr_1", affiliateId: sam.id };
    expect(
      await failure(changeAffiliateStatus(db, { ...p, merchantId: other.id, move: "approve" })),
    ).toMatchObject({ status: 409 });
    expect((await changeAffiliateStatus(db, { ...p, move: "approve" })).status).toBe("active");
    expect(await failure(changeAffiliateStatus(db, { ...p, move: "approve" }))).toMatchObject({
      status: 409,
    });
    expect((await changeAffiliateStatus(db, { ...p, move: "deactivate" })).status).toBe("inactive");
    expect((await changeAffiliateStatus(db, { ...p, move: "reactivate" })).status).toBe("active");
  });

  it("validate an affiliate's plan like the merchant's, and go back to the program's", async () => {
    const shop = await createTestMerchant(db);
    const sam = await createTestAffiliate(db, shop.id, "sam");
    const p = { merchantId: shop.id, userId: "usr_1", affiliateId: sam.id };
    const plan = {
      type: "flat",
      rateBps: 0,
      flatAmounts: [],
      recurrence: "first",
      recurrenceMonths: null,
      holdDays: 14,
    };
    expect(await failure(saveCommissionOverride(db, { ...p, input: { useDefault: false, plan } }))).toEqual({
      status: 400,
      message: "Enter a flat amount in at least one currency",
    });
    expect(
      await failure(
        saveCommissionOverride(db, {
          ...p,
          input: { useDefault: false, plan: { ...plan, flatAmounts: [{ currency: "jpy", amount: "12.5" }] } },
        }),
      ),
    ).toEqual({ status: 400, message: "JPY has no decimals: enter the flat amount in whole units" });
    await saveCommissionOverride(db, {
      ...p,
      input: {
        useDefault: false,
        plan: {
          ...plan,
          flatAmounts: [
            { currency: "usd", amount: "15" },
            { currency: "JPY", amount: "2000" },
          ],
        },
      },
    });
    const read = async () => {
      const [a] = await db.select().from(affiliates).where(eq(affiliates.id, sam.id));
      return effectivePlan(shop, a);
    };
    expect(await read()).toMatchObject({
      type: "flat",
      flatAmounts: { usd: 1500, jpy: 2000 },
      recurrence: "first",
      holdDays: 14,
    });
    expect(
      await failure(
        saveCommissionOverride(db, {
          ...p,
          merchantId: (await createTestMerchant(db)).id,
          input: { useDefault: true },
        }),
      ),
    ).toMatchObject({
      status: 404,
    });
    await saveCommissionOverride(db, { ...p, input: { useDefault: true } });
    expect(await read()).toEqual(effectivePlan(shop));
  });
});
