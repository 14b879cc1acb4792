import type { Database } from "@/db";
import { findUserById, findUserSessionState, markEmailVerified } from "@/db/queries/users";
import { conflict } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { accountLimitMessages, accountLimitRefusal } from "@/lib/limits/account";
import { RateLimitedError } from "@/lib/limits/limiter";
import { queueVerificationMail } from "./mail";
import { accountLink, issueAccountToken, spendToken } from "./tokens";

/**
 * Email verification of merchant users (SPEC §12): sign-up mails a link (single use, 24 hours);
 * the dashboard works meanwhile, but Stripe cannot be connected until the address is proven.
 */

export async function isEmailVerified(db: Database, userId: string): Promise<boolean> {
  return Boolean((await findUserSessionState(db, userId))?.emailVerifiedAt);
}

/** Issues a new link (the previous one stops working) and queues the mail with it. */
export async function sendVerificationEmail(db: Database, user: { id: string; email: string; name: string }) {
  await db.transaction(async (tx) => {
    const { token } = await issueAccountToken(tx, "verify_email", {
      audience: "merchant",
      accountId: user.id,
      merchantId: null,
      email: user.email,
    });
    await queueVerificationMail(tx, {
      to: user.email,
      name: user.name,
      link: accountLink("verify_email", token),
    });
  });
  wakeJobRunner();
}

/** "Resend" in the dashboard banner: limited per user, refused once the address is verified. */
export async function resendVerificationEmail(db: Database, userId: string): Promise<{ email: string }> {
  const user = await findUserById(db, userId);
  if (!user) throw conflict("This account no longer exists", "no_account");
  if (user.emailVerifiedAt) throw conflict("Your email address is already verified", "already_verified");
  const refusal = await accountLimitRefusal("verifyResend", { account: user.id });
  if (refusal) throw new RateLimitedError(refusal, accountLimitMessages.verifyResend);
  await sendVerificationEmail(db, user);
  return { email: user.email };
}

/** Follows a link: true when it verified the address it was sent to (which must still be the user's). */
export async function verifyEmail(db: Database, token: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const spent = await spendToken(tx, { purpose: "verify_email", audience: "merchant", token, now });
    if (!spent) return false;
    const verified = await markEmailVerified(tx, { userId: spent.accountId, email: spent.email });
    return verified !== null;
  });
}
