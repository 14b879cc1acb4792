import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, commissions, purchases } from "../schema";

/** Commissions held for the merchant's review, oldest first, with their sale and affiliate. */
export async function listHeldForReview(db: Database, merchantId: string) {
  return db
    .select({
      id: commissions.id,
      amount: commissions.amount,
      currency: commissions.currency,
      reviewReason: commissions.reviewReason,
      createdAt: commissions.createdAt,
      livemode: commissions.livemode,
      purchaseId: commissions.purchaseId,
      purchaseEmail: purchases.email,
      purchaseAmount: purchases.amount,
      affiliateId: commissions.affiliateId,
      affiliateEmail: affiliates.email,
      affiliateFirstName: affiliates.firstName,
      affiliateLastName: affiliates.lastName,
    })
    .from(commissions)
    .leftJoin(
      purchases,
      and(eq(purchases.merchantId, commissions.merchantId), eq(purchases.id, commissions.purchaseId)),
    )
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, commissions.merchantId), eq(affiliates.id, commissions.affiliateId)),
    )
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.status, "on_hold"),
        eq(commissions.holdReason, "review"),
      ),
    )
    .orderBy(asc(commissions.createdAt), asc(commissions.id))
    .limit(200);
}

/** A commission held for review, locked until the transaction ends; null when it is not held. */
export async function lockHeldForReview(db: Database, merchantId: string, commissionId: string) {
  const [row] = await db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.id, commissionId),
        eq(commissions.status, "on_hold"),
        eq(commissions.holdReason, "review"),
      ),
    )
    .for("update");
  return row ?? null;
}

export async function purchaseById(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.merchantId, merchantId), eq(purchases.id, purchaseId)));
  return row ?? null;
}
