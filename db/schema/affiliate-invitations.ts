import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, merchantRef, tstz } from "./columns";

/**
 * An invitation to join a merchant's program as an affiliate the merchant already added (pending).
 * The token is shown once, in the link; only its SHA-256 hash is stored. Single use, expiring.
 */
export const affiliateInvitations = pgTable(
  "affiliate_invitations",
  {
    tokenHash: text().primaryKey(),
    merchantId: merchantRef(),
    affiliateId: text().notNull(),
    expiresAt: tstz().notNull(),
    usedAt: tstz(),
    createdByUserId: text(),
    createdAt: createdAt(),
  },
  (t) => [index("affiliate_invitations_affiliate_idx").on(t.merchantId, t.affiliateId)],
);

export type AffiliateInvitation = typeof affiliateInvitations.$inferSelect;
