import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { users } from "../schema";

/** What every signed-in request checks about its user: is the session still current, is the email verified. */
export async function findUserSessionState(db: Database, userId: string) {
  const [row] = await db
    .select({ sessionVersion: users.sessionVersion, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

const hasEmail = (email: string) => sql`lower(${users.email}) = ${email.toLowerCase()}`;

/**
 * A new password from a reset link sent to `email`: sessions signed in before end, and the
 * address counts as verified (the link proved it). Null when the user no longer has that address.
 */
export async function resetUserPassword(
  db: Database,
  p: { userId: string; email: string; passwordHash: string },
) {
  const [row] = await db
    .update(users)
    .set({
      passwordHash: p.passwordHash,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
    })
    .where(and(eq(users.id, p.userId), hasEmail(p.email)))
    .returning({ id: users.id, email: users.email });
  return row ?? null;
}

/** Marks the address verified, if it is still the user's. Null when it is not. */
export async function markEmailVerified(db: Database, p: { userId: string; email: string }) {
  const [row] = await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
    .where(and(eq(users.id, p.userId), hasEmail(p.email)))
    .returning({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt });
  return row ?? null;
}

export async function findUserById(db: Database, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}
