import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { findAffiliateById, lockPurchase, lockUnverifiedPurchase } from "@/db/queries/sales";
import { type Merchant, type Purchase, purchases } from "@/db/schema";
import { isSelfReferral } from "@/lib/attribution/attribute";
import { newId } from "@/lib/ids";
import { attributeSale, type SaleAttribution } from "./attribute-sale";
import { createSaleCommission } from "./commissions";
import type { SaleHints } from "./hints";

/** One Stripe money object: an invoice, else a one-off payment (its payment intent or charge). */
export interface Sale {
  stripeId: string;
  source: Purchase["source"];
  amount: number;
  currency: string;
  livemode: boolean;
  at: Date;
  chargeId?: string | null;
  paymentIntentId?: string | null;
  subscriptionId?: string | null;
  /** Other ids of the same money object that a site may have reported it by (recordPurchase). */
  aliases?: string[];
}

/**
 * Records a sale once by its natural key and earns its commission. Any event that reveals
 * the sale may call this; the first one creates it, later ones only fill in missing links.
 * A purchase the site reported itself (Leadtrail.recordPurchase, "unverified") under one of
 * the sale's ids is the same sale: Stripe's event verifies it, in place.
 */
export async function recordSale(
  db: Database,
  merchant: Merchant,
  sale: Sale,
  loadHints: () => Promise<SaleHints>,
): Promise<{ purchase: Purchase; created: boolean }> {
  const existing =
    (await lockPurchase(db, merchant.id, sale.stripeId)) ??
    (await lockUnverifiedPurchase(db, merchant.id, sale.aliases ?? []));
  if (existing && existing.status !== "unverified") {
    return { purchase: await fillLinks(db, existing, sale), created: false };
  }

  const hints = await loadHints();
  const found = await attributeSale(db, merchant, hints, { livemode: sale.livemode, at: sale.at });
  // Stripe's facts first; else the tracking id the site reported the purchase with.
  const attribution =
    found ?? (existing?.affiliateId ? await scriptAttribution(db, merchant, existing, hints.email) : null);
  const row = {
    merchantId: merchant.id,
    stripeId: sale.stripeId,
    source: sale.source,
    leadId: attribution?.leadId ?? null,
    affiliateId: attribution?.affiliateId ?? null,
    attribution: attribution?.method ?? null,
    selfReferral: attribution?.selfReferral ?? false,
    stripeCustomerId: hints.customerId,
    stripeSubscriptionId: sale.subscriptionId ?? null,
    stripeChargeId: sale.chargeId ?? null,
    stripePaymentIntentId: sale.paymentIntentId ?? null,
    email: hints.email,
    amount: sale.amount,
    currency: sale.currency.toLowerCase(),
    status: "completed" as const,
    livemode: sale.livemode,
    createdAt: sale.at,
  };
  const [inserted] = existing
    ? await db.update(purchases).set(row).where(eq(purchases.id, existing.id)).returning()
    : await db
        .insert(purchases)
        .values({ id: newId("pur"), ...row })
        .onConflictDoNothing()
        .returning();
  if (!inserted) {
    // Another delivery recorded it first (we waited on its unique key): converge on that row.
    const winner = await lockPurchase(db, merchant.id, sale.stripeId);
    return { purchase: await fillLinks(db, winner!, sale), created: false };
  }
  // A subscription tracked by dates earns per billing period (subscriptions.ts), not per sale.
  if (sale.source !== "subscription_period") {
    await createSaleCommission(db, merchant, inserted, attribution?.affiliate);
  }
  return { purchase: inserted, created: true };
}

/** Records the charge and payment intent that paid a purchase, where they were not known yet. */
export async function fillLinks(
  db: Database,
  purchase: Purchase,
  sale: Pick<Sale, "chargeId" | "paymentIntentId">,
): Promise<Purchase> {
  const patch: Partial<Purchase> = {};
  if (!purchase.stripeChargeId && sale.chargeId) patch.stripeChargeId = sale.chargeId;
  if (!purchase.stripePaymentIntentId && sale.paymentIntentId)
    patch.stripePaymentIntentId = sale.paymentIntentId;
  if (Object.keys(patch).length === 0) return purchase;
  const [updated] = await db
    .update(purchases)
    .set(patch)
    .where(and(eq(purchases.merchantId, purchase.merchantId), eq(purchases.id, purchase.id)))
    .returning();
  return updated ?? purchase;
}

/** The tracking the site's own recordPurchase carried, as an attribution for the verified sale. */
async function scriptAttribution(
  db: Database,
  merchant: Merchant,
  script: Purchase,
  email: string | null,
): Promise<SaleAttribution | null> {
  const affiliate = await findAffiliateById(db, merchant.id, script.affiliateId!);
  if (!affiliate) return null;
  return {
    affiliateId: affiliate.id,
    leadId: script.leadId,
    method: "tracking",
    affiliate,
    selfReferral: isSelfReferral(email ?? script.email, affiliate.email),
  };
}
