import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { MEMBER_ROLES } from "../../lib/team/role-names";
import { createdAt, lowerOf, merchantRef, tstz } from "./columns";
import { merchants } from "./merchants";

/**
 * An owner's invitation to join the merchant's team with a role. The token is shown once, in
 * the link; only its SHA-256 hash is stored. Single use (accepted_at), expiring, and at most one
 * open invitation per email and merchant (the partial unique index settles two invites at once).
 * Revoking deletes the row; the audit log keeps the record.
 */
export const memberInvitations = pgTable(
  "member_invitations",
  {
    id: text().primaryKey(),
    merchantId: merchantRef().references(() => merchants.id),
    email: text().notNull(),
    role: text({ enum: MEMBER_ROLES }).notNull(),
    tokenHash: text().notNull(),
    expiresAt: tstz().notNull(),
    invitedByUserId: text(),
    acceptedAt: tstz(),
    acceptedByUserId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("member_invitations_token_key").on(t.tokenHash),
    uniqueIndex("member_invitations_open_key")
      .on(t.merchantId, lowerOf(t.email))
      .where(sql`${t.acceptedAt} is null`),
    check("member_invitations_role_check", sql`${t.role} in ('owner', 'admin', 'viewer')`),
  ],
);

export type MemberInvitation = typeof memberInvitations.$inferSelect;
