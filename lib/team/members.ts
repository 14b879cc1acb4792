import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { countOwners, deleteMembership, findMember, lockTeam, setMemberRole } from "@/db/queries/team";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";
import { MEMBER_ROLES } from "./role-names";

/**
 * Owners change roles and remove members, never the last owner. Each change takes the team's
 * lock (lockTeam) before it counts the owners: two owners demoting each other at once then go
 * one after the other, and the second finds itself the last owner and is refused.
 */

const LAST_OWNER = "A program needs an owner: make someone else an owner first";

const userId = z.string().regex(/^usr_[\w-]{1,60}$/, "No such member");
const roleChange = z.object({
  userId,
  role: z.enum(MEMBER_ROLES, { error: "Choose a role: owner, admin or viewer" }),
});

export interface Actor {
  merchantId: string;
  userId: string;
}

export async function changeMemberRole(db: Database, actor: Actor, input: unknown) {
  const parsed = roleChange.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { role } = parsed.data;
  return db.transaction(async (tx) => {
    await lockTeam(tx, actor.merchantId);
    const member = await findMember(tx, actor.merchantId, parsed.data.userId);
    if (!member) throw notFound("No such member");
    if (member.role === role) return { ...member, changed: false };
    if (member.role === "owner" && (await countOwners(tx, actor.merchantId)) <= 1)
      throw conflict(LAST_OWNER, "last_owner");
    await setMemberRole(tx, actor.merchantId, member.userId, role);
    await recordAudit(tx, {
      merchantId: actor.merchantId,
      actorUserId: actor.userId,
      action: "team.role_changed",
      data: { userId: member.userId, email: member.email, from: member.role, to: role },
    });
    return { ...member, role, changed: true };
  });
}

export async function removeMember(db: Database, actor: Actor, input: unknown) {
  const parsed = z.object({ userId }).safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  return db.transaction(async (tx) => {
    await lockTeam(tx, actor.merchantId);
    const member = await findMember(tx, actor.merchantId, parsed.data.userId);
    if (!member) throw notFound("No such member");
    if (member.role === "owner" && (await countOwners(tx, actor.merchantId)) <= 1)
      throw conflict(LAST_OWNER, "last_owner");
    await deleteMembership(tx, actor.merchantId, member.userId);
    await recordAudit(tx, {
      merchantId: actor.merchantId,
      actorUserId: actor.userId,
      action: "team.member_removed",
      data: { userId: member.userId, email: member.email, role: member.role },
    });
    return member;
  });
}
