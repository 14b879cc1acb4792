import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, DbHandle } from "@/db";
import { insertMembership } from "@/db/queries/team";
import { createTestDatabase } from "@/db/testing";
import { resetEnvCache } from "@/lib/env";
import { addTestMember } from "@/lib/team/team-testing";
import { createTestMerchant } from "@/lib/tracking/testing";
import { authOptions } from "./options";
import { switchedToken } from "./switch";

let handle: DbHandle;
let db: Database;
vi.mock("@/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db")>()),
  getDb: async () => db,
}));

const saved = { ...process.env };
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = "switch-test-secret-0123456789";
  resetEnvCache();
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await handle?.close();
});

async function userInTwo() {
  const a = await createTestMerchant(db);
  const b = await createTestMerchant(db);
  const stranger = await createTestMerchant(db);
  const user = await addTestMember(db, a.id, "admin");
  await insertMembership(db, { merchantId: b.id, userId: user.id, role: "viewer" });
  const token = {
    sub: user.id,
    role: "merchant" as const,
    merchantId: a.id,
    choose: true,
    email: user.email,
  };
  return { a, b, stranger, user, token };
}

describe("switching program", () => {
  it("moves the session to a merchant the user belongs to, and clears the chooser", async () => {
    const { b, token } = await userInTwo();
    expect(await switchedToken(db, token, { merchantId: b.id })).toMatchObject({
      merchantId: b.id,
      choose: false,
    });
  });

  it("refuses a merchant the user is not a member of, keeping the session as it was", async () => {
    const { stranger, token } = await userInTwo();
    expect(await switchedToken(db, token, { merchantId: stranger.id })).toEqual(token);
    expect(await switchedToken(db, token, { merchantId: "mer_does_not_exist" })).toEqual(token);
    expect(await switchedToken(db, token, { merchantId: "'; drop table memberships" })).toEqual(token);
    expect(await switchedToken(db, token, null)).toEqual(token);
  });

  it("never moves an affiliate session onto a merchant", async () => {
    const { b, token } = await userInTwo();
    const affiliate = { ...token, role: "affiliate" as const };
    expect(await switchedToken(db, affiliate, { merchantId: b.id })).toEqual(affiliate);
  });

  it("is what next-auth's update trigger runs", async () => {
    const { b, stranger, token } = await userInTwo();
    const jwt = authOptions().callbacks!.jwt!;
    const call = (data: unknown) =>
      jwt({ token, trigger: "update", session: data } as unknown as Parameters<typeof jwt>[0]);
    expect(await call({ merchantId: b.id })).toMatchObject({ merchantId: b.id });
    expect(await call({ merchantId: stranger.id })).toMatchObject({ merchantId: token.merchantId });
    // Without the trigger, data from the browser is ignored.
    expect(
      await jwt({ token, session: { merchantId: b.id } } as unknown as Parameters<typeof jwt>[0]),
    ).toMatchObject({ merchantId: token.merchantId });
  });
});
