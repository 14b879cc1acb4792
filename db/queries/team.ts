import { and, asc, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { MemberRole } from "@/lib/team/role-names";
import type { Database } from "../index";
import { memberInvitations, memberships, merchants, users } from "../schema";

/** A merchant's team and its open invitations; every query is scoped by the merchant. */

export async function listMembers(db: Database, merchantId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.merchantId, merchantId))
    .orderBy(asc(memberships.createdAt), asc(users.id));
}

export type TeamMember = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMember(db: Database, merchantId: string, userId: string) {
  const [row] = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function findMemberByEmail(db: Database, merchantId: string, email: string) {
  const [row] = await db
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, merchantId), sql`lower(${users.email}) = ${email.toLowerCase()}`))
    .limit(1);
  return row ?? null;
}

/**
 * Team changes of one merchant take turns on its row. FOR NO KEY UPDATE, not FOR UPDATE: rows
 * that reference the merchant (visits, leads, …) take FOR KEY SHARE on it as they are inserted,
 * and must not wait for a role change.
 */
export async function lockTeam(tx: Database, merchantId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: merchants.id })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
    .for("no key update");
  return Boolean(row);
}

export async function countOwners(tx: Database, merchantId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

export async function setMemberRole(tx: Database, merchantId: string, userId: string, role: MemberRole) {
  const [row] = await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return Boolean(row);
}

export async function deleteMembership(tx: Database, merchantId: string, userId: string) {
  const [row] = await tx
    .delete(memberships)
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return Boolean(row);
}

/** Adds a member; false when they already were one (their role stays as it was). */
export async function insertMembership(
  tx: Database,
  member: { merchantId: string; userId: string; role: MemberRole },
): Promise<boolean> {
  const rows = await tx.insert(memberships).values(member).onConflictDoNothing().returning({
    userId: memberships.userId,
  });
  return rows.length > 0;
}

export async function insertUser(
  tx: Database,
  user: { id: string; email: string; name: string; passwordHash: string; emailVerifiedAt?: Date | null },
) {
  const [row] = await tx.insert(users).values(user).returning();
  return row!;
}

// Invitations

export async function insertMemberInvitation(
  tx: Database,
  invitation: typeof memberInvitations.$inferInsert,
) {
  const [row] = await tx.insert(memberInvitations).values(invitation).returning();
  return row!;
}

/** An expired, never accepted invitation no longer blocks a new one for the same email. */
export async function deleteExpiredInvitation(tx: Database, merchantId: string, email: string, now: Date) {
  await tx
    .delete(memberInvitations)
    .where(
      and(
        eq(memberInvitations.merchantId, merchantId),
        sql`lower(${memberInvitations.email}) = ${email.toLowerCase()}`,
        isNull(memberInvitations.acceptedAt),
        lte(memberInvitations.expiresAt, now),
      ),
    );
}

/** Revoking: only an invitation not yet accepted, of this merchant. */
export async function deleteOpenInvitation(tx: Database, merchantId: string, invitationId: string) {
  const [row] = await tx
    .delete(memberInvitations)
    .where(
      and(
        eq(memberInvitations.merchantId, merchantId),
        eq(memberInvitations.id, invitationId),
        isNull(memberInvitations.acceptedAt),
      ),
    )
    .returning({ email: memberInvitations.email, role: memberInvitations.role });
  return row ?? null;
}

/** Not accepted yet, expired ones included (the page shows them as expired, to revoke). */
export async function listOpenInvitations(db: Database, merchantId: string) {
  return db
    .select({
      id: memberInvitations.id,
      email: memberInvitations.email,
      role: memberInvitations.role,
      expiresAt: memberInvitations.expiresAt,
      createdAt: memberInvitations.createdAt,
    })
    .from(memberInvitations)
    .where(and(eq(memberInvitations.merchantId, merchantId), isNull(memberInvitations.acceptedAt)))
    .orderBy(asc(memberInvitations.createdAt), asc(memberInvitations.id));
}

/** What the acceptance page shows for a link: an unused, unexpired invitation and its program. */
export async function findUsableInvitation(db: Database, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      id: memberInvitations.id,
      merchantId: memberInvitations.merchantId,
      email: memberInvitations.email,
      role: memberInvitations.role,
      expiresAt: memberInvitations.expiresAt,
      merchantName: merchants.name,
    })
    .from(memberInvitations)
    .innerJoin(merchants, eq(merchants.id, memberInvitations.merchantId))
    .where(
      and(
        eq(memberInvitations.tokenHash, tokenHash),
        isNull(memberInvitations.acceptedAt),
        gt(memberInvitations.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Uses an invitation up. Of two acceptances at once only one gets the row back: the second
 * waits for the first's row lock, then finds accepted_at set and matches nothing.
 */
export async function consumeMemberInvitation(tx: Database, tokenHash: string, userId: string, now: Date) {
  const [row] = await tx
    .update(memberInvitations)
    .set({ acceptedAt: now, acceptedByUserId: userId })
    .where(
      and(
        eq(memberInvitations.tokenHash, tokenHash),
        isNull(memberInvitations.acceptedAt),
        gt(memberInvitations.expiresAt, now),
      ),
    )
    .returning({
      id: memberInvitations.id,
      merchantId: memberInvitations.merchantId,
      email: memberInvitations.email,
      role: memberInvitations.role,
    });
  return row ?? null;
}
