import type { Database } from "@/db";
import {
  findUsableToken,
  saveAccountToken,
  spendAccountToken,
  type TokenAudience,
  type TokenPurpose,
} from "@/db/queries/account-tokens";
import { sha256Hex } from "@/lib/crypto";
import { env } from "@/lib/env";
import { randomToken } from "@/lib/ids";

/**
 * Single-use links about a person's own account (SPEC §12). The token is random (190 bits),
 * appears only in the link, and is stored as its SHA-256 hash; issuing a new one for the same
 * account and purpose replaces the old, so only the latest link works.
 */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  reset_password: 60 * 60_000,
  verify_email: 24 * 60 * 60_000,
};

const TOKEN = /^[0-9A-Za-z]{32}$/;

/** True for text shaped like a token: anything else is refused without a database read. */
export const isTokenShaped = (token: unknown): token is string =>
  typeof token === "string" && TOKEN.test(token);

export interface TokenAccount {
  audience: TokenAudience;
  accountId: string;
  merchantId: string | null;
  email: string;
}

export async function issueAccountToken(
  db: Database,
  purpose: TokenPurpose,
  account: TokenAccount,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
  await saveAccountToken(db, { purpose, ...account, tokenHash: sha256Hex(token), expiresAt });
  return { token, expiresAt };
}

type Use = { purpose: TokenPurpose; audience: TokenAudience; token: string; now?: Date };

/** The token's row when it could be spent now, without spending it (a page showing its form). */
export async function peekAccountToken(db: Database, use: Use) {
  if (!isTokenShaped(use.token)) return null;
  return findUsableToken(db, { ...use, tokenHash: sha256Hex(use.token), now: use.now ?? new Date() });
}

/** Spends the token: at most one caller ever gets its row back. */
export async function spendToken(db: Database, use: Use) {
  if (!isTokenShaped(use.token)) return null;
  return spendAccountToken(db, { ...use, tokenHash: sha256Hex(use.token), now: use.now ?? new Date() });
}

/** Where each link leads, on the public address people reach Leadtrail at. */
export function accountLink(kind: "merchant_reset" | "affiliate_reset" | "verify_email", token: string) {
  const path = {
    merchant_reset: "/reset-password",
    affiliate_reset: "/portal/reset-password",
    verify_email: "/api/account/verify-email",
  }[kind];
  const url = new URL(path, env().APP_URL);
  url.searchParams.set("token", token);
  return url.toString();
}
