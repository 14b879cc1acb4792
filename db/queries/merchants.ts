import { and, eq, sql } from "drizzle-orm";
import { conflict, isUniqueViolation } from "@/lib/errors";
import { newId, randomToken } from "@/lib/ids";
import type { Database } from "../index";
import { memberships, merchants, users } from "../schema";
import { newPublicKey } from "./api-keys";

export interface NewMerchant {
  company: string;
  name: string;
  email: string;
  passwordHash: string;
  /** Unverified (null) unless given: only a person who followed the emailed link verifies it. */
  emailVerifiedAt?: Date | null;
}

/** Creates a merchant with its owner; the unique index on lower(email) settles two sign-ups at once. */
export async function createMerchant(db: Database, input: NewMerchant) {
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          id: newId("usr"),
          email: input.email,
          name: input.name,
          passwordHash: input.passwordHash,
          emailVerifiedAt: input.emailVerifiedAt ?? null,
        })
        .returning();
      const [merchant] = await tx
        .insert(merchants)
        .values({
          id: newId("mer"),
          name: input.company,
          slug: `${slugify(input.company)}-${randomToken(4).toLowerCase()}`,
          publicKey: newPublicKey(),
        })
        .returning();
      await tx.insert(memberships).values({ merchantId: merchant!.id, userId: user!.id, role: "owner" });
      return { merchant: merchant!, user: user! };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key"))
      throw conflict("An account with this email already exists", "email_taken");
    throw error;
  }
}

export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "program";
}

export async function findUserByEmail(db: Database, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user ?? null;
}

/** The merchants a user may act for, oldest membership first. */
export async function membershipsForUser(db: Database, userId: string) {
  return db
    .select({ merchantId: memberships.merchantId, role: memberships.role, merchantName: merchants.name })
    .from(memberships)
    .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.createdAt);
}

export async function findMembership(db: Database, userId: string, merchantId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.merchantId, merchantId)))
    .limit(1);
  return row ?? null;
}

export async function getMerchant(db: Database, merchantId: string) {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  return row ?? null;
}

/** Writes a merchant's settings. */
export async function updateMerchant(
  db: Database,
  merchantId: string,
  patch: Partial<Omit<typeof merchants.$inferInsert, "id">>,
) {
  await db.update(merchants).set(patch).where(eq(merchants.id, merchantId));
}

/** The merchant's row, locked: a settings change then sees the true "before". */
export async function lockMerchant(db: Database, merchantId: string) {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, merchantId)).for("update");
  return row ?? null;
}
