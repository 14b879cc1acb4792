import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { type Affiliate, affiliateInvitations, affiliates, merchants } from "../schema";

/** The affiliate program: public program pages, invitations, approval and plan overrides. */

/** The merchant behind a public program handle (/join/<slug>), case-insensitively. */
export async function findMerchantBySlug(db: Database, slug: string) {
  const [row] = await db
    .select()
    .from(merchants)
    .where(sql`lower(${merchants.slug}) = ${slug.toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function findAffiliateByEmail(db: Database, merchantId: string, email: string) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(
      and(eq(affiliates.merchantId, merchantId), sql`lower(${affiliates.email}) = ${email.toLowerCase()}`),
    )
    .limit(1);
  return row ?? null;
}

/** A new invitation replaces the affiliate's earlier unused ones. */
export async function replaceInvitation(
  db: Database,
  invite: {
    tokenHash: string;
    merchantId: string;
    affiliateId: string;
    expiresAt: Date;
    createdByUserId: string | null;
  },
) {
  await db.transaction(async (tx) => {
    await tx
      .delete(affiliateInvitations)
      .where(
        and(
          eq(affiliateInvitations.merchantId, invite.merchantId),
          eq(affiliateInvitations.affiliateId, invite.affiliateId),
          isNull(affiliateInvitations.usedAt),
        ),
      );
    await tx.insert(affiliateInvitations).values(invite);
  });
}

/** An unused, unexpired invitation of this merchant's, with its affiliate. */
export async function findOpenInvitation(db: Database, merchantId: string, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ invitation: affiliateInvitations, affiliate: affiliates })
    .from(affiliateInvitations)
    .innerJoin(
      affiliates,
      and(
        eq(affiliates.merchantId, affiliateInvitations.merchantId),
        eq(affiliates.id, affiliateInvitations.affiliateId),
      ),
    )
    .where(
      and(
        eq(affiliateInvitations.tokenHash, tokenHash),
        eq(affiliateInvitations.merchantId, merchantId),
        isNull(affiliateInvitations.usedAt),
        gt(affiliateInvitations.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Uses an invitation up: only one of two requests with the same token gets the row back (the
 * update re-checks used_at under the row lock).
 */
export async function consumeInvitation(db: Database, merchantId: string, tokenHash: string, now: Date) {
  const [row] = await db
    .update(affiliateInvitations)
    .set({ usedAt: now })
    .where(
      and(
        eq(affiliateInvitations.tokenHash, tokenHash),
        eq(affiliateInvitations.merchantId, merchantId),
        isNull(affiliateInvitations.usedAt),
        gt(affiliateInvitations.expiresAt, now),
      ),
    )
    .returning({ affiliateId: affiliateInvitations.affiliateId });
  return row ?? null;
}

export async function updateAffiliate(
  db: Database,
  merchantId: string,
  affiliateId: string,
  values: Partial<Pick<Affiliate, "firstName" | "lastName" | "passwordHash" | "status">>,
) {
  const [row] = await db
    .update(affiliates)
    .set(values)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .returning();
  return row ?? null;
}

/** Moves an affiliate's status, only from the statuses given (a guarded, race-free transition). */
export async function moveAffiliateStatus(
  db: Database,
  merchantId: string,
  affiliateId: string,
  from: Affiliate["status"][],
  to: Affiliate["status"],
) {
  const [row] = await db
    .update(affiliates)
    .set({ status: to })
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        eq(affiliates.id, affiliateId),
        inArray(affiliates.status, from),
      ),
    )
    .returning({
      id: affiliates.id,
      code: affiliates.code,
      status: affiliates.status,
      email: affiliates.email,
      firstName: affiliates.firstName,
      lastName: affiliates.lastName,
      hasPassword: sql<boolean>`${affiliates.passwordHash} is not null`,
    });
  return row ?? null;
}

export type CommissionOverride = Pick<
  Affiliate,
  | "commissionType"
  | "commissionRateBps"
  | "commissionFlatAmounts"
  | "commissionRecurrence"
  | "commissionRecurrenceMonths"
  | "commissionHoldDays"
>;

export async function setCommissionOverride(
  db: Database,
  merchantId: string,
  affiliateId: string,
  values: CommissionOverride,
) {
  const [row] = await db
    .update(affiliates)
    .set(values)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .returning({ id: affiliates.id });
  return row ?? null;
}

export async function setAutoApprove(db: Database, merchantId: string, value: boolean) {
  await db.update(merchants).set({ autoApproveAffiliates: value }).where(eq(merchants.id, merchantId));
}
