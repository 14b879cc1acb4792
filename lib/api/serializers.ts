import type { Affiliate, Commission, Lead, Purchase } from "@/db/schema";

/** The API's field names (SPEC §8), decoupled from the schema's. */

export const purchaseJson = (p: Purchase) => ({
  id: p.id,
  lead_id: p.leadId,
  affiliate_id: p.affiliateId,
  amount: p.amount,
  currency: p.currency,
  status: p.status,
  amount_refunded: p.amountRefunded,
  stripe_id: p.stripeId,
  attribution: p.attribution,
  self_referral: p.selfReferral,
  livemode: p.livemode,
  created_at: p.createdAt.toISOString(),
});

export const commissionJson = (c: Commission) => ({
  id: c.id,
  affiliate_id: c.affiliateId,
  purchase_id: c.purchaseId,
  amount: c.amount,
  currency: c.currency,
  status: c.status,
  kind: c.kind,
  payout_id: c.payoutId,
  livemode: c.livemode,
  due_at: c.dueAt?.toISOString() ?? null,
  created_at: c.createdAt.toISOString(),
});

export const leadJson = (
  l: Pick<Lead, "id" | "email" | "affiliateId" | "status" | "stripeCustomerId" | "createdAt">,
) => ({
  id: l.id,
  email: l.email,
  affiliate_id: l.affiliateId,
  status: l.status,
  stripe_customer_id: l.stripeCustomerId,
  created_at: l.createdAt.toISOString(),
});

export const affiliateJson = (a: Affiliate) => ({
  id: a.id,
  email: a.email,
  first_name: a.firstName,
  last_name: a.lastName,
  code: a.code,
  coupon_code: a.couponCode,
  status: a.status,
  coupon_sync: {
    status: a.couponSyncStatus,
    stripe_promotion_code_id: a.stripePromotionCodeId,
    error: a.couponSyncError,
  },
  created_at: a.createdAt.toISOString(),
});
