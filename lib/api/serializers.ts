import type { Affiliate, Commission, Lead, Purchase } from "@/db/schema";
import type { Explanation } from "@/lib/sales/explain";

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

/** A purchase with how its commission came to be (SPEC §6: `GET /purchases/{id}`). */
export const purchaseDetailJson = (p: Purchase, e: Explanation, eventsTruncated = false) => ({
  ...purchaseJson(p),
  charged_amount: p.chargedAmount ?? p.amount,
  payment_status: p.paymentStatus,
  dispute_status: p.disputeStatus,
  commission_note: p.commissionNote,
  explanation: {
    base: e.base,
    currency: e.currency,
    charged_amount: e.chargedAmount,
    tax: e.tax,
    rule: {
      type: e.rule.type,
      rate_bps: e.rule.rateBps,
      flat_amount: e.rule.flatAmount,
      description: e.rule.description,
    },
    reductions: e.reductions,
    kept: e.kept,
    net_base: e.netBase,
    held: e.held,
    commission: {
      amount: e.commission.amount,
      net: e.commission.net,
      formula: e.commission.formula,
      description: e.commission.description,
    },
    adjustments: e.adjustments.map((a) => ({
      id: a.id,
      kind: a.kind,
      amount: a.amount,
      status: a.status,
      effect: a.effect,
      effect_description: a.effectText,
      event: a.event && { id: a.event.id, type: a.event.type },
      created_at: a.createdAt.toISOString(),
      updated_at: a.updatedAt.toISOString(),
    })),
    commissions: e.commissions.map((c) => ({
      id: c.id,
      kind: c.kind,
      amount: c.amount,
      status: c.status,
      hold_reason: c.holdReason,
      cancel_reason: c.cancelReason,
      status_description: c.statusText,
      payout_id: c.payoutId,
      reverses_id: c.reversesId,
      due_at: c.dueAt?.toISOString() ?? null,
      created_at: c.createdAt.toISOString(),
    })),
    stripe: {
      charge: e.stripe.charge,
      payment_intent: e.stripe.paymentIntent,
      invoice: e.stripe.invoice,
      customer: e.stripe.customer,
      subscription: e.stripe.subscription,
      checkout_session: e.stripe.checkoutSession,
    },
    events: e.events.map((ev) => ({
      id: ev.id,
      type: ev.type,
      status: ev.status,
      note: ev.note,
      object_id: ev.objectId,
      created_at: ev.createdAt.toISOString(),
      received_at: ev.receivedAt.toISOString(),
    })),
    events_truncated: eventsTruncated,
  },
});
