import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { type AccountToken, accountTokens } from "../schema";

export type TokenPurpose = AccountToken["purpose"];
export type TokenAudience = AccountToken["audience"];

/**
 * Stores a new token for an account, replacing the one before in the same statement: two
 * requests at once leave exactly one working link (the later write), never two.
 */
export async function saveAccountToken(
  db: Database,
  row: {
    purpose: TokenPurpose;
    audience: TokenAudience;
    accountId: string;
    merchantId: string | null;
    tokenHash: string;
    email: string;
    expiresAt: Date;
  },
) {
  await db
    .insert(accountTokens)
    .values(row)
    .onConflictDoUpdate({
      target: [accountTokens.purpose, accountTokens.audience, accountTokens.accountId],
      set: {
        tokenHash: sql`excluded.token_hash`,
        merchantId: sql`excluded.merchant_id`,
        email: sql`excluded.email`,
        expiresAt: sql`excluded.expires_at`,
        usedAt: null,
        createdAt: sql`now()`,
      },
    });
}

const usable = (p: { purpose: TokenPurpose; audience: TokenAudience; tokenHash: string; now: Date }) =>
  and(
    eq(accountTokens.tokenHash, p.tokenHash),
    eq(accountTokens.purpose, p.purpose),
    eq(accountTokens.audience, p.audience),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, p.now),
  );

/** The token if it could be spent now (unused, unexpired), without spending it. */
export async function findUsableToken(
  db: Database,
  p: { purpose: TokenPurpose; audience: TokenAudience; tokenHash: string; now: Date },
) {
  const [row] = await db.select().from(accountTokens).where(usable(p)).limit(1);
  return row ?? null;
}

/**
 * Spends a token in one statement. Two uses at once (a double submit, a replayed link) cannot
 * both get the row back: the second waits for the first's row lock, then finds it used.
 */
export async function spendAccountToken(
  db: Database,
  p: { purpose: TokenPurpose; audience: TokenAudience; tokenHash: string; now: Date },
) {
  const [row] = await db.update(accountTokens).set({ usedAt: p.now }).where(usable(p)).returning();
  return row ?? null;
}
