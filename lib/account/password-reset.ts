import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Database } from "@/db";
import { findAffiliatesForReset, resetAffiliatePassword } from "@/db/queries/affiliate-accounts";
import { findUserByEmail, getMerchant } from "@/db/queries/merchants";
import { resetUserPassword } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { AppError, badRequest } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { limitStore } from "@/lib/limits";
import { accountLimitMessages, accountLimitRefusal } from "@/lib/limits/account";
import { RateLimitedError } from "@/lib/limits/limiter";
import { clearSignInLockout, signInAccount } from "@/lib/limits/signin";
import { emailSchema, firstIssue, passwordSchema } from "@/lib/merchants/validation";
import { queuePasswordResetMail } from "./mail";
import { accountLink, issueAccountToken, peekAccountToken, spendToken } from "./tokens";

/**
 * Password reset for merchant users and affiliates (SPEC §12). A request always gets the same
 * answer after about the same time, whether or not the address has an account, so the form
 * cannot be used to find out who has one. The link's token is single use, lasts an hour, and
 * setting the password with it ends every session signed in before.
 */
export type Audience = "merchant" | "affiliate";

export const RESET_REQUESTED =
  "If an account exists for that address, we've sent a link to reset its password. The link works for one hour.";

/** Every request is answered no sooner than this: the work for an existing account hides inside it. */
export const RESET_ANSWER_MS = 600;

const audience = z.enum(["merchant", "affiliate"], { message: "Unknown kind of account" });

const requestSchema = z.object({
  audience,
  email: emailSchema,
  program: z.string().trim().max(80).optional(),
});

export async function requestPasswordReset(
  db: Database,
  input: unknown,
  options: { ip: string; answerMs?: number },
): Promise<{ message: string }> {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { email, program } = parsed.data;
  const started = performance.now();
  const refusal = await accountLimitRefusal("resetRequest", {
    ip: options.ip,
    account: signInAccount(parsed.data.audience, email),
  });
  if (refusal) throw new RateLimitedError(refusal, accountLimitMessages.resetRequest);
  const sent =
    parsed.data.audience === "merchant"
      ? await sendMerchantReset(db, email)
      : await sendAffiliateResets(db, email, program || undefined);
  if (sent > 0) wakeJobRunner();
  const left = (options.answerMs ?? RESET_ANSWER_MS) - (performance.now() - started);
  if (left > 0) await sleep(left);
  return { message: RESET_REQUESTED };
}

async function sendMerchantReset(db: Database, email: string): Promise<number> {
  const user = await findUserByEmail(db, email);
  if (!user) return 0;
  await db.transaction(async (tx) => {
    const { token } = await issueAccountToken(tx, "reset_password", {
      audience: "merchant",
      accountId: user.id,
      merchantId: null,
      email: user.email,
    });
    await queuePasswordResetMail(tx, {
      to: user.email,
      name: user.name,
      link: accountLink("merchant_reset", token),
      audience: "merchant",
    });
  });
  return 1;
}

/** Without a program (sign-in allows that too), one link per program the address has an account in. */
async function sendAffiliateResets(db: Database, email: string, program?: string): Promise<number> {
  const accounts = await findAffiliatesForReset(db, email, program);
  for (const account of accounts) {
    await db.transaction(async (tx) => {
      const { token } = await issueAccountToken(tx, "reset_password", {
        audience: "affiliate",
        accountId: account.id,
        merchantId: account.merchantId,
        email: account.email,
      });
      await queuePasswordResetMail(tx, {
        to: account.email,
        link: accountLink("affiliate_reset", token),
        audience: "affiliate",
        programName: account.programName,
      });
    });
  }
  return accounts.length;
}

export const RESET_LINK_INVALID =
  "This reset link has expired or was already used. Ask for a new one: only the latest link works, for one hour.";

const invalidLink = () => new AppError(400, "invalid_link", RESET_LINK_INVALID);

/** What the reset page shows above its form, or null when the link cannot be used. */
export async function openResetLink(db: Database, who: Audience, token: string) {
  const row = await peekAccountToken(db, { purpose: "reset_password", audience: who, token });
  if (!row) return null;
  const program = row.merchantId ? await getMerchant(db, row.merchantId) : null;
  return { email: row.email, programName: program?.name ?? null };
}

const completeSchema = z.object({
  audience,
  token: z.string().max(200),
  password: z.string().max(1000),
});

/**
 * Sets the new password. Every attempt counts against the client's address and the link's
 * account before the password rules are checked, so retries cost the same whether or not they
 * pass. The token is spent in the transaction that writes the password: of two submissions at
 * once exactly one changes it, and the other is told the link was used.
 */
export async function completePasswordReset(
  db: Database,
  input: unknown,
  options: { ip: string; now?: Date },
): Promise<{ audience: Audience; email: string; programSlug: string | null }> {
  const parsed = completeSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { token } = parsed.data;
  const who = parsed.data.audience;
  const use = { purpose: "reset_password", audience: who, token, now: options.now } as const;
  const peeked = await peekAccountToken(db, use);
  const refusal = await accountLimitRefusal("resetSubmit", {
    ip: options.ip,
    account: peeked ? `${who}:${peeked.accountId}` : undefined,
  });
  if (refusal) throw new RateLimitedError(refusal, accountLimitMessages.resetSubmit);
  const password = passwordSchema.safeParse(parsed.data.password);
  if (!password.success) throw badRequest(firstIssue(password.error));
  if (!peeked) throw invalidLink();
  const passwordHash = await hashPassword(password.data);
  const done = await db.transaction(async (tx) => {
    const spent = await spendToken(tx, use);
    if (!spent) throw invalidLink();
    const changed =
      who === "merchant"
        ? await resetUserPassword(tx, { userId: spent.accountId, email: spent.email, passwordHash })
        : await resetAffiliatePassword(tx, {
            merchantId: spent.merchantId ?? "",
            affiliateId: spent.accountId,
            email: spent.email,
            passwordHash,
          });
    // The account changed its address or was deactivated since the link was sent.
    if (!changed) throw invalidLink();
    const program = spent.merchantId ? await getMerchant(tx, spent.merchantId) : null;
    return { audience: who, email: changed.email, programSlug: program?.slug ?? null };
  });
  await clearSignInLockout(await limitStore(), signInAccount(who, done.email));
  return done;
}
