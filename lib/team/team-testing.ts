import type { Database } from "@/db";
import { insertMembership, insertUser } from "@/db/queries/team";
import { newId, randomToken } from "@/lib/ids";
import type { MemberRole } from "./role-names";

/** Test support: a user on a merchant's team with a role, without hashing a real password. */
export async function addTestMember(db: Database, merchantId: string, role: MemberRole, email?: string) {
  const user = await insertUser(db, {
    id: newId("usr"),
    email: email ?? `${role}-${randomToken(8).toLowerCase()}@example.com`,
    name: `Test ${role}`,
    passwordHash: "not-a-real-hash",
  });
  await insertMembership(db, { merchantId, userId: user.id, role });
  return user;
}
