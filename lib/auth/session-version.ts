import { unauthorized } from "@/lib/errors";

/**
 * Sessions are JWTs, so a password reset cannot delete them: each account has a session version
 * that the reset moves on, each session carries the version it signed in with, and every
 * request (merchantContext, affiliateContext) refuses a session whose version is behind.
 */
export const SESSION_ENDED = "Your password was changed. Sign in again.";

export function assertSessionCurrent(sessionVersion: number, accountVersion: number | undefined): void {
  if (accountVersion === undefined || sessionVersion !== accountVersion) throw unauthorized(SESSION_ENDED);
}
