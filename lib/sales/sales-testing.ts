import { and, asc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { insertAffiliate } from "@/db/queries/affiliates";
import { commissions, leads, merchants, purchases, visitors } from "@/db/schema";
import { newId } from "@/lib/ids";
import { connectThroughStripe, newMerchant, type StripeTestbed } from "@/lib/stripe/testing";

/** Test support for sales: a connected merchant with an affiliate, and its ledger in plain terms. */
export async function connectedShop(bed: StripeTestbed, options: { mode?: "test" | "live" } = {}) {
  const actor = await newMerchant(bed);
  const { result } = await connectThroughStripe(bed, actor, { mode: options.mode ?? "test" });
  if (!result.ok) throw new Error(`connect failed: ${JSON.stringify(result)}`);
  const account = result.connection.stripeUserId;
  const suffix = newId("aff").slice(-6).toLowerCase();
  const affiliate = await insertAffiliate(bed.db, {
    merchantId: actor.merchantId,
    email: `maya-${suffix}@example.com`,
    code: `maya${suffix}`,
    firstName: "Maya",
  });
  return { ...actor, account, affiliate };
}

export async function setMerchant(
  bed: StripeTestbed,
  merchantId: string,
  patch: Partial<typeof merchants.$inferInsert>,
) {
  await bed.db.update(merchants).set(patch).where(eq(merchants.id, merchantId));
}

/** A visitor who arrived through the affiliate's link, optionally with the lead they became. */
export async function trackedVisitor(
  bed: StripeTestbed,
  merchantId: string,
  affiliateId: string,
  email?: string,
) {
  const visitorId = newId("lead").replace("lead_", "v");
  await bed.db.insert(visitors).values({ merchantId, id: visitorId, affiliateId, affiliateAt: new Date() });
  let leadId: string | null = null;
  if (email) {
    leadId = newId("lead");
    await bed.db.insert(leads).values({ id: leadId, merchantId, email, visitorId, affiliateId });
  }
  return { visitorId, leadId };
}

/** The affiliate coupon in Stripe, as the coupon-sync feature (or the merchant by hand) makes it. */
export async function promotionCode(stripe: Stripe, account: string, code: string, percentOff = 20) {
  const coupon = await stripe.coupons.create(
    { percent_off: percentOff, duration: "forever" },
    { stripeAccount: account },
  );
  return stripe.promotionCodes.create(
    { promotion: { type: "coupon", coupon: coupon.id }, code },
    { stripeAccount: account },
  );
}

export async function ledger(bed: StripeTestbed, merchantId: string) {
  const purchaseRows = await bed.db
    .select({
      stripeId: purchases.stripeId,
      amount: purchases.amount,
      amountRefunded: purchases.amountRefunded,
      status: purchases.status,
      attribution: purchases.attribution,
      affiliateId: purchases.affiliateId,
      selfReferral: purchases.selfReferral,
      livemode: purchases.livemode,
    })
    .from(purchases)
    .where(eq(purchases.merchantId, merchantId))
    .orderBy(asc(purchases.createdAt), asc(purchases.stripeId));
  const commissionRows = await bed.db
    .select({
      purchase: purchases.stripeId,
      amount: commissions.amount,
      status: commissions.status,
      kind: commissions.kind,
      periodStart: commissions.periodStart,
    })
    .from(commissions)
    .leftJoin(
      purchases,
      and(eq(purchases.merchantId, commissions.merchantId), eq(purchases.id, commissions.purchaseId)),
    )
    .where(eq(commissions.merchantId, merchantId))
    .orderBy(
      asc(commissions.createdAt),
      sql`${commissions.kind} desc`,
      sql`${commissions.periodStart} asc nulls first`,
    );
  return { purchases: purchaseRows, commissions: commissionRows };
}

/** The id of the merchant's purchase recorded under a Stripe id. */
export async function purchaseIdOf(bed: StripeTestbed, stripeId: string) {
  const [row] = await bed.db
    .select({ id: purchases.id })
    .from(purchases)
    .where(eq(purchases.stripeId, stripeId));
  return row?.id ?? null;
}

export function expectDelivered(result: { deliveries: { status: number; type: string; body: string }[] }) {
  const failed = result.deliveries.filter((d) => d.status !== 200);
  if (failed.length) throw new Error(`deliveries failed: ${JSON.stringify(failed)}`);
}
