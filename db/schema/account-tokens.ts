import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";

/**
 * Links mailed to people about their own account (SPEC §12): password resets for merchant users
 * and affiliates, and the email verification of a new merchant user. The token is shown only
 * in the link; its SHA-256 hash is stored. One row per account and purpose: a new request
 * replaces the old token in one statement, so older links stop working at once.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    purpose: text({ enum: ["reset_password", "verify_email"] }).notNull(),
    audience: text({ enum: ["merchant", "affiliate"] }).notNull(),
    /** The user (usr_…) or the affiliate (aff_…). */
    accountId: text().notNull(),
    /** The affiliate's merchant; null for merchant users, who may belong to several merchants. */
    merchantId: text(),
    tokenHash: text().notNull().unique(),
    /** The address the link was sent to: the link works only while the account still has it. */
    email: text().notNull(),
    expiresAt: tstz().notNull(),
    usedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.purpose, t.audience, t.accountId] }),
    index("account_tokens_merchant_idx").on(t.merchantId),
  ],
);

export type AccountToken = typeof accountTokens.$inferSelect;
