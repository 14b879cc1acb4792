import type { Database } from "@/db";
import { findUserByEmail } from "@/db/queries/merchants";
import { verifyPassword } from "@/lib/auth/password";
import { isLoopbackAppUrl, productionProblems } from "@/lib/env";
import { DEMO_LOGIN } from "./seed";

/** Configuration problems that stop `npm start`, before anything is opened. */
export function configurationProblems(source: Record<string, string | undefined> = process.env): string[] {
  return productionProblems(source);
}

/**
 * What `npm start` goes ahead with but says aloud: with no mail server on a public address,
 * invitations, password resets and payout notices are only kept (Sent mail), never delivered.
 */
export function configurationWarnings(source: Record<string, string | undefined> = process.env): string[] {
  if (source.SMTP_URL || isLoopbackAppUrl(source.APP_URL)) return [];
  return [
    "SMTP_URL is not set, so Leadtrail sends no mail: invitations, password resets and payout " +
      "notices are only listed under Settings → Sent mail. Set SMTP_URL (smtp://user:pass@host:587) " +
      "and MAIL_FROM to deliver them.",
  ];
}

/**
 * The demo account `npm run dev` seeds has a published password: a database that still
 * accepts it must not be served to anyone but this machine.
 */
export async function databaseProblems(
  db: Database,
  source: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  if (isLoopbackAppUrl(source.APP_URL)) return [];
  const demo = await findUserByEmail(db, DEMO_LOGIN.email);
  if (demo && (await verifyPassword(demo.passwordHash, DEMO_LOGIN.password))) {
    return [
      `The demo login ${DEMO_LOGIN.email} still has its published password: change that ` +
        "account's password or remove the account before serving this database.",
    ];
  }
  return [];
}

export class StartRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`Leadtrail will not start in production:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StartRefused";
  }
}
