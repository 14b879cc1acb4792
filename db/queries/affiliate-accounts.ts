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
