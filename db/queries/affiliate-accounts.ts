import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, merchants } from "../schema";

/** Affiliates who may sign in with this email (optionally in one program), newest first. */
export async function findAffiliateLogin(db: Database, email: string, programSlug?: string) {
  const rows = await db
    .select({
      id: affiliates.id,
      merchantId: affiliates.merchantId,
      email: affiliates.email,
      firstName: affiliates.firstName,
      lastName: affiliates.lastName,
      passwordHash: affiliates.passwordHash,
      sessionVersion: affiliates.sessionVersion,
    })
    .from(affiliates)
    .innerJoin(merchants, eq(merchants.id, affiliates.merchantId))
    .where(
      and(
        sql`lower(${affiliates.email}) = ${email.toLowerCase()}`,
        isNotNull(affiliates.passwordHash),
        ne(affiliates.status, "inactive"),
        programSlug ? sql`lower(${merchants.slug}) = ${programSlug.toLowerCase()}` : undefined,
      ),
    )
    .orderBy(sql`${affiliates.createdAt} desc`)
    .limit(5);
  return rows.map((r) => ({ ...r, passwordHash: r.passwordHash as string }));
}

export async function findAffiliateForSession(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .limit(1);
  return row ?? null;
}

/**
 * The portal accounts a reset request for this email is about: those with a password, not
 * deactivated, in one program or (without a program, as sign-in allows) in every program.
 */
export async function findAffiliatesForReset(db: Database, email: string, programSlug?: string) {
  return db
    .select({
      id: affiliates.id,
      merchantId: affiliates.merchantId,
      email: affiliates.email,
      programName: merchants.name,
      programSlug: merchants.slug,
    })
    .from(affiliates)
    .innerJoin(merchants, eq(merchants.id, affiliates.merchantId))
    .where(
      and(
        sql`lower(${affiliates.email}) = ${email.toLowerCase()}`,
        isNotNull(affiliates.passwordHash),
        ne(affiliates.status, "inactive"),
        programSlug ? sql`lower(${merchants.slug}) = ${programSlug.toLowerCase()}` : undefined,
      ),
    )
    .orderBy(sql`${affiliates.createdAt} desc`)
    .limit(20);
}

/**
 * A new portal password from a reset link sent to `email`: portal sessions signed in before
 * end. Null when the affiliate no longer has that address or was deactivated meanwhile.
 */
export async function resetAffiliatePassword(
  db: Database,
  p: { merchantId: string; affiliateId: string; email: string; passwordHash: string },
) {
  const [row] = await db
    .update(affiliates)
    .set({ passwordHash: p.passwordHash, sessionVersion: sql`${affiliates.sessionVersion} + 1` })
    .where(
      and(
        eq(affiliates.merchantId, p.merchantId),
        eq(affiliates.id, p.affiliateId),
        sql`lower(${affiliates.email}) = ${p.email.toLowerCase()}`,
        ne(affiliates.status, "inactive"),
      ),
    )
    .returning({ id: affiliates.id, merchantId: affiliates.merchantId, email: affiliates.email });
  return row ?? null;
}
