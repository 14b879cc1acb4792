import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { getMerchant } from "@/db/queries/merchants";
import {
  consumeMemberInvitation,
  deleteExpiredInvitation,
  deleteOpenInvitation,
  findMemberByEmail,
  insertMemberInvitation,
} from "@/db/queries/team";
import { sha256Hex } from "@/lib/crypto";
import { env } from "@/lib/env";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { newId, randomToken } from "@/lib/ids";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderMail } from "@/lib/mail/template";
import { emailSchema, firstIssue } from "@/lib/merchants/validation";
import { MEMBER_ROLES, type MemberRole, ROLE_DESCRIPTIONS } from "./role-names";

/** How long a team invitation link works. */
export const MEMBER_INVITATION_DAYS = 7;

export const TOKEN = /^[0-9A-Za-z]{32}$/;

export const USED_OR_EXPIRED =
  "This invitation link has expired, was revoked or was already used. Ask an owner for a new one.";

const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(MEMBER_ROLES, { error: "Choose a role: owner, admin or viewer" }),
});

export interface TeamActor {
  merchantId: string;
  userId: string;
  name: string;
  email: string;
}

/** `/team/accept?token=…`: the link shown once to the owner and sent by mail. */
export function memberInvitationLink(token: string, baseUrl = env().APP_URL): string {
  const url = new URL("/team/accept", baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * An owner invites someone by email with a role: a single-use link (only its hash is stored),
 * mailed and returned for the Team page to show once. Someone already on the team, or with an
 * open invitation, is refused; the partial unique index settles two invitations at once.
 */
export async function inviteMember(db: Database, actor: TeamActor, input: unknown, now = new Date()) {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { email, role } = parsed.data;
  if (await findMemberByEmail(db, actor.merchantId, email))
    throw conflict(`${email} is already on the team`, "already_member");
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + MEMBER_INVITATION_DAYS * 86_400_000);
  const link = memberInvitationLink(token);
  try {
    const invitation = await db.transaction(async (tx) => {
      await deleteExpiredInvitation(tx, actor.merchantId, email, now);
      const row = await insertMemberInvitation(tx, {
        id: newId("inv"),
        merchantId: actor.merchantId,
        email,
        role,
        tokenHash: sha256Hex(token),
        expiresAt,
        invitedByUserId: actor.userId,
      });
      const program = (await getMerchant(tx, actor.merchantId))?.name ?? "Leadtrail";
      await enqueueMail(tx, {
        merchantId: actor.merchantId,
        to: email,
        kind: "member_invitation",
        content: invitationMail({ program, inviter: actor, role, link }),
        dedupeKey: `member_invitation:${row.id}`,
        secret: true,
      });
      await recordAudit(tx, {
        merchantId: actor.merchantId,
        actorUserId: actor.userId,
        action: "team.member_invited",
        data: { invitationId: row.id, email, role },
      });
      return row;
    });
    wakeJobRunner();
    return { invitation, token, link };
  } catch (error) {
    if (isUniqueViolation(error, "member_invitations_open_key")) {
      throw conflict(
        `${email} already has an open invitation. Revoke it to send a new one.`,
        "already_invited",
      );
    }
    throw error;
  }
}

function invitationMail(p: { program: string; inviter: TeamActor; role: MemberRole; link: string }) {
  const article = p.role === "viewer" ? "a" : "an";
  return renderMail({
    program: p.program,
    subject: `Join ${p.program} on Leadtrail`,
    greeting: "Hello,",
    paragraphs: [
      `${p.inviter.name} (${p.inviter.email}) invited you to the ${p.program} team on Leadtrail as ${article} ${p.role}: ${ROLE_DESCRIPTIONS[p.role].toLowerCase()}.`,
    ],
    action: { label: "Accept the invitation", url: p.link },
    note: `The link works once and expires in ${MEMBER_INVITATION_DAYS} days. Not expecting it? Ignore this email.`,
  });
}

export async function revokeInvitation(db: Database, actor: TeamActor, invitationId: string) {
  return db.transaction(async (tx) => {
    const revoked = await deleteOpenInvitation(tx, actor.merchantId, invitationId);
    if (!revoked) throw notFound("This invitation was accepted or revoked already");
    await recordAudit(tx, {
      merchantId: actor.merchantId,
      actorUserId: actor.userId,
      action: "team.invitation_revoked",
      data: { invitationId, email: revoked.email, role: revoked.role },
    });
    return revoked;
  });
}

/** Uses the token up inside `tx` (see consumeMemberInvitation for the race), or refuses. */
export async function consumeToken(tx: Database, token: string, userId: string) {
  if (!TOKEN.test(token)) throw notFound(USED_OR_EXPIRED);
  const used = await consumeMemberInvitation(tx, sha256Hex(token), userId, new Date());
  if (!used) throw notFound(USED_OR_EXPIRED);
  return used;
}
