import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { findUserByEmail } from "@/db/queries/merchants";
import { findUsableInvitation, insertMembership, insertUser } from "@/db/queries/team";
import { hashPassword } from "@/lib/auth/password";
import { sha256Hex } from "@/lib/crypto";
import { badRequest, conflict, forbidden, isUniqueViolation } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { firstIssue, nameSchema, passwordSchema } from "@/lib/merchants/validation";
import { consumeToken, TOKEN } from "./invitations";

/** What the acceptance page shows for a link, or null when it cannot be used. */
export async function openMemberInvitation(db: Database, token: string) {
  if (!TOKEN.test(token)) return null;
  const invitation = await findUsableInvitation(db, sha256Hex(token), new Date());
  if (!invitation) return null;
  const hasAccount = (await findUserByEmail(db, invitation.email)) !== null;
  return { ...invitation, hasAccount };
}

const newUserSchema = z.object({
  token: z.string().max(64),
  name: nameSchema("Name"),
  password: passwordSchema,
});

/**
 * Someone new to Leadtrail accepts: their account (for the invited email, with the sign-up
 * password rules) and membership are made in the transaction that uses the link up, so a second
 * acceptance at once, or an email that got an account meanwhile, changes nothing.
 */
export async function acceptAsNewUser(db: Database, input: unknown) {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { token, name, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const userId = newId("usr");
  try {
    return await db.transaction(async (tx) => {
      const used = await consumeToken(tx, token, userId);
      // The invitation reached this address: that verifies it as the sign-up link would.
      const user = await insertUser(tx, {
        id: userId,
        email: used.email,
        name,
        passwordHash,
        emailVerifiedAt: new Date(),
      });
      await insertMembership(tx, { merchantId: used.merchantId, userId, role: used.role });
      await recordJoin(tx, used, userId, false);
      return { email: user.email, merchantId: used.merchantId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw conflict(
        "An account with this email exists already: sign in to accept the invitation",
        "email_taken",
      );
    }
    throw error;
  }
}

/**
 * A signed-in user accepts an invitation for their own email: the membership is added once,
 * however many times (or at once) they accept. Another user's attempt rolls back untouched.
 */
export async function acceptAsUser(db: Database, user: { userId: string; email: string }, token: string) {
  return db.transaction(async (tx) => {
    const used = await consumeToken(tx, token, user.userId);
    if (used.email.toLowerCase() !== user.email.toLowerCase()) {
      throw forbidden(`This invitation is for ${used.email}. Sign in as ${used.email} to accept it.`);
    }
    const added = await insertMembership(tx, {
      merchantId: used.merchantId,
      userId: user.userId,
      role: used.role,
    });
    await recordJoin(tx, used, user.userId, !added);
    return { merchantId: used.merchantId };
  });
}

function recordJoin(
  tx: Database,
  used: { id: string; merchantId: string; email: string; role: string },
  userId: string,
  alreadyMember: boolean,
) {
  return recordAudit(tx, {
    merchantId: used.merchantId,
    actorUserId: userId,
    action: "team.member_joined",
    data: {
      invitationId: used.id,
      email: used.email,
      role: used.role,
      ...(alreadyMember ? { alreadyMember } : {}),
    },
  });
}
