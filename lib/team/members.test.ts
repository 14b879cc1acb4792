import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { countOwners, findMember } from "@/db/queries/team";
import { auditLog } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestMerchant } from "@/lib/tracking/testing";
import { changeMemberRole, removeMember } from "./members";
import { addTestMember } from "./team-testing";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

const db = () => handle.db;

/** A merchant whose only owner is the test's (createMerchant's own owner is demoted away). */
async function team(owners: number) {
  const merchant = await createTestMerchant(db());
  const [first] = await db().query.memberships.findMany({
    where: (m, { eq }) => eq(m.merchantId, merchant.id),
  });
  const users = [];
  for (let i = 0; i < owners; i++) users.push(await addTestMember(db(), merchant.id, "owner"));
  // The sign-up owner leaves, so exactly `owners` owners remain.
  await removeMember(db(), { merchantId: merchant.id, userId: users[0]!.id }, { userId: first!.userId });
  return { merchantId: merchant.id, owners: users };
}

describe("roles and the last owner", () => {
  it("changes a role and records who did it, from what to what", async () => {
    const { merchantId, owners } = await team(1);
    const viewer = await addTestMember(db(), merchantId, "viewer");
    const changed = await changeMemberRole(
      db(),
      { merchantId, userId: owners[0]!.id },
      { userId: viewer.id, role: "admin" },
    );
    expect(changed).toMatchObject({ role: "admin", changed: true });
    expect((await findMember(db(), merchantId, viewer.id))?.role).toBe("admin");
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, "team.role_changed")));
    expect(audit).toMatchObject([
      {
        actorUserId: owners[0]!.id,
        data: { userId: viewer.id, email: viewer.email, from: "viewer", to: "admin" },
      },
    ]);
  });

  it("never demotes or removes the last owner, and says why", async () => {
    const { merchantId, owners } = await team(1);
    const owner = { merchantId, userId: owners[0]!.id };
    await expect(
      changeMemberRole(db(), owner, { userId: owner.userId, role: "admin" }),
    ).rejects.toMatchObject({
      status: 409,
      code: "last_owner",
      message: "A program needs an owner: make someone else an owner first",
    });
    await expect(removeMember(db(), owner, { userId: owner.userId })).rejects.toMatchObject({
      code: "last_owner",
    });
    expect(await countOwners(db(), merchantId)).toBe(1);
  });

  it("lets an owner step down or leave while another owner stays", async () => {
    const { merchantId, owners } = await team(2);
    const [a, b] = owners;
    await changeMemberRole(db(), { merchantId, userId: a!.id }, { userId: a!.id, role: "viewer" });
    expect(await countOwners(db(), merchantId)).toBe(1);
    await expect(removeMember(db(), { merchantId, userId: b!.id }, { userId: b!.id })).rejects.toMatchObject({
      code: "last_owner",
    });
  });

  it("refuses bad input and members of other merchants, changing nothing", async () => {
    const { merchantId, owners } = await team(1);
    const other = await createTestMerchant(db());
    const stranger = await addTestMember(db(), other.id, "viewer");
    const owner = { merchantId, userId: owners[0]!.id };
    await expect(changeMemberRole(db(), owner, { userId: stranger.id, role: "admin" })).rejects.toMatchObject(
      {
        status: 404,
      },
    );
    await expect(removeMember(db(), owner, { userId: stranger.id })).rejects.toMatchObject({ status: 404 });
    await expect(changeMemberRole(db(), owner, { userId: owner.userId, role: "root" })).rejects.toMatchObject(
      {
        status: 400,
        message: "Choose a role: owner, admin or viewer",
      },
    );
    expect((await findMember(db(), other.id, stranger.id))?.role).toBe("viewer");
  });

  // Without the team lock both transactions count two owners, each demotes the other, and the
  // program is left with none. Repeated: one lucky interleaving proves little.
  it("two owners demoting each other at once leave exactly one owner", async () => {
    for (let round = 0; round < 8; round++) {
      const { merchantId, owners } = await team(2);
      const [a, b] = owners;
      const results = await Promise.allSettled([
        changeMemberRole(db(), { merchantId, userId: a!.id }, { userId: b!.id, role: "admin" }),
        changeMemberRole(db(), { merchantId, userId: b!.id }, { userId: a!.id, role: "admin" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "last_owner" } });
      expect(await countOwners(db(), merchantId)).toBe(1);
    }
  });

  it("two owners removing each other at once leave exactly one owner", async () => {
    for (let round = 0; round < 8; round++) {
      const { merchantId, owners } = await team(2);
      const [a, b] = owners;
      const results = await Promise.allSettled([
        removeMember(db(), { merchantId, userId: a!.id }, { userId: b!.id }),
        removeMember(db(), { merchantId, userId: b!.id }, { userId: a!.id }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await countOwners(db(), merchantId)).toBe(1);
    }
  });
});
