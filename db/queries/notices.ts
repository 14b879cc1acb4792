import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, commissions, memberships, merchants, users } from "../schema";

/** Who gets Leadtrail's mail about a program, and the facts the messages state (lib/mail/templates). */

/** The program's members who manage it: every role but viewers (who only read). */
export async function programManagers(db: Database, merchantId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, merchantId), sql`${memberships.role} <> 'viewer'`))
    .orderBy(asc(memberships.createdAt));
}

/** A commission with its affiliate and program, for the new-commission notice. */
export async function commissionNoticeFacts(db: Database, merchantId: string, commissionId: string) {
  const [row] = await db
    .select({
      commission: {
        id: commissions.id,
        amount: commissions.amount,
        currency: commissions.currency,
        status: commissions.status,
        holdReason: commissions.holdReason,
        dueAt: commissions.dueAt,
        livemode: commissions.livemode,
      },
      affiliate: {
        id: affiliates.id,
        email: affiliates.email,
        firstName: affiliates.firstName,
        status: affiliates.status,
        commissionNotices: affiliates.commissionNotices,
      },
      program: merchants.name,
    })
    .from(commissions)
    .innerJoin(
      affiliates,
      and(eq(affiliates.merchantId, commissions.merchantId), eq(affiliates.id, commissions.affiliateId)),
    )
    .innerJoin(merchants, eq(merchants.id, commissions.merchantId))
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.id, commissionId)))
    .limit(1);
  return row ?? null;
}

/**
 * What a paid payout paid each affiliate: the net, what was earned and clawed back, and the
 * dates of the sales it is for (a clawback's date is its refund's, so sales alone set the period).
 */
export async function paidPayoutLines(db: Database, merchantId: string, payoutId: string) {
  const sale = sql`${commissions.kind} = 'sale'`;
  return db
    .select({
      affiliateId: commissions.affiliateId,
      email: affiliates.email,
      firstName: affiliates.firstName,
      amount: sql<number>`sum(${commissions.amount})::int`,
      earned: sql<number>`coalesce(sum(${commissions.amount}) filter (where ${commissions.amount} > 0), 0)::int`,
      clawedBack: sql<number>`coalesce(-sum(${commissions.amount}) filter (where ${commissions.amount} < 0), 0)::int`,
      sales: sql<number>`(count(*) filter (where ${sale}))::int`,
      from: sql`coalesce(min(${commissions.createdAt}) filter (where ${sale}), min(${commissions.createdAt}))`.mapWith(
        commissions.createdAt,
      ),
      to: sql`coalesce(max(${commissions.createdAt}) filter (where ${sale}), max(${commissions.createdAt}))`.mapWith(
        commissions.createdAt,
      ),
    })
    .from(commissions)
    .innerJoin(
      affiliates,
      and(eq(affiliates.merchantId, commissions.merchantId), eq(affiliates.id, commissions.affiliateId)),
    )
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.payoutId, payoutId),
        eq(commissions.status, "paid"),
      ),
    )
    .groupBy(commissions.affiliateId, affiliates.email, affiliates.firstName)
    .orderBy(asc(commissions.affiliateId));
}

/** The affiliate and program an unsubscribe link names (it may be followed signed out). */
export async function noticeSettings(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select({
      email: affiliates.email,
      commissionNotices: affiliates.commissionNotices,
      program: merchants.name,
      programSlug: merchants.slug,
    })
    .from(affiliates)
    .innerJoin(merchants, eq(merchants.id, affiliates.merchantId))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .limit(1);
  return row ?? null;
}

export async function setCommissionNotices(
  db: Database,
  merchantId: string,
  affiliateId: string,
  on: boolean,
) {
  const [row] = await db
    .update(affiliates)
    .set({ commissionNotices: on })
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .returning({ commissionNotices: affiliates.commissionNotices });
  return row ?? null;
}
