import type { Database } from "@/db";
import { createMerchant } from "@/db/queries/merchants";
import { sendVerificationEmail } from "@/lib/account/verification";
import { hashPassword } from "@/lib/auth/password";
import { badRequest } from "@/lib/errors";
import { firstIssue, signupSchema } from "./validation";

/**
 * Validates sign-up input and creates the merchant with its owner (used by /signup and the CLI).
 * The owner's email starts unverified; `verified` is for accounts an operator makes (the CLI,
 * the demo), whose address nobody needs to prove.
 */
export async function signUpMerchant(db: Database, input: unknown, options: { verified?: boolean } = {}) {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { name, company, email, password } = parsed.data;
  return createMerchant(db, {
    name,
    company,
    email,
    passwordHash: await hashPassword(password),
    emailVerifiedAt: options.verified ? new Date() : null,
  });
}

/** /signup: the merchant and its owner, and the link that verifies the owner's address. */
export async function registerMerchant(db: Database, input: unknown) {
  const created = await signUpMerchant(db, input);
  await sendVerificationEmail(db, created.user);
  return created;
}
