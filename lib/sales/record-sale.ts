import type { Database } from "@/db";
import { findAffiliateById } from "@/db/queries/affiliates";
import {
  fillPurchaseLinks,
  findCustomerAttributedSale,
  insertPurchase,
  lockSaleKey,
  lockSalePurchase,
  updatePurchase,
} from "@/db/queries/purchases";
import type { Merchant, Purchase } from "@/db/schema";
import { isSelfReferral } from "@/lib/attribution/attribute";
import { createSaleCommission } from "@/lib/commissions/recording";
import { holdForReview } from "@/lib/commissions/review";
import { queueCardLookBack } from "@/lib/fraud/card-recheck";
import { cardReason } from "@/lib/fraud/signals";
import { newId } from "@/lib/ids";
import { attributeSale, type SaleAttribution } from "./attribute-sale";
import type { SaleHints } from "./hints";

/** One Stripe money object: an invoice, else a one-off payment (its payment intent or charge). */
export interface Sale {
  stripeId: string;
  source: Purchase["source"];
  /** The commission base: paid, net of discounts and tax. */
  amount: number;
  /** What Stripe charged, tax included, when it differs from `amount` (docs/ledger.md "Sales"). */
  chargedAmount?: number | null;
  currency: string;
  livemode: boolean;
  at: Date;
  invoiceId?: string | null;
  chargeId?: string | null;
  paymentIntentId?: string | null;
  subscriptionId?: string | null;
  /** The card fingerprint of the charge that paid it, when known (lib/sales/fingerprints.ts). */
  paymentFingerprint?: string | null;
  /** "awaiting": a billing period whose invoice is not paid yet (dates mode); default "paid". */
  paymentStatus?: Purchase["paymentStatus"];
  /**
   * Other ids of the same money object: the site may have reported it by one (recordPurchase),
   * and a purchase may have been recorded under one before.
   */
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
  // The lock first, always: the lookup then sees what a previous holder committed, and no
  // transaction can hold the purchase's row while it waits for the lock.
  await lockSaleKey(db, merchant.id, sale.stripeId);
  const existing = await lockSalePurchase(db, merchant.id, sale);
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
    stripeInvoiceId: sale.invoiceId ?? null,
    email: hints.email,
    paymentFingerprint: sale.paymentFingerprint ?? null,
    amount: sale.amount,
    chargedAmount:
      sale.chargedAmount != null && sale.chargedAmount !== sale.amount ? sale.chargedAmount : null,
    currency: sale.currency.toLowerCase(),
    status: "completed" as const,
    paymentStatus: sale.paymentStatus ?? "paid",
    livemode: sale.livemode,
    createdAt: sale.at,
  };
  const inserted = existing
    ? await updatePurchase(db, existing, row)
    : await insertPurchase(db, { id: newId("pur"), ...row });
  // The site's recordPurchase (which takes no sale lock) got the key in between: verify that row.
  if (!inserted) return recordSale(db, merchant, sale, loadHints);
  const purchase =
    attribution?.method === "customer"
      ? await keepFirstSaleLabel(db, inserted, attribution.customerMethod ?? null)
      : inserted;
  await createSaleCommission(db, merchant, purchase, attribution?.affiliate);
  await queueCardLookBack(db, purchase);
  return { purchase, created: true };
}

/**
 * A customer's earliest sale carries the method that attributed them (tracking, coupon, email);
 * later ones say "customer". When a later sale was recorded first (its event came first), the
 * labels are swapped, so every delivery order ends with the same labels. When the customer was
 * attributed by a sale that paid nothing (a trial's $0 invoice, an unsettled payment), their
 * first paid sale carries that method. The caller holds the customer's row lock (attributeSale),
 * which serializes this per customer.
 */
async function keepFirstSaleLabel(
  db: Database,
  purchase: Purchase,
  customerMethod: Purchase["attribution"],
): Promise<Purchase> {
  if (!purchase.stripeCustomerId) return purchase;
  const first = await findCustomerAttributedSale(db, purchase.merchantId, purchase.stripeCustomerId);
  if (!first && customerMethod && customerMethod !== "customer")
    return (await updatePurchase(db, purchase, { attribution: customerMethod })) ?? purchase;
  if (!first || first.id === purchase.id || first.createdAt <= purchase.createdAt) return purchase;
  await updatePurchase(db, first, { attribution: "customer" });
  return (await updatePurchase(db, purchase, { attribution: first.attribution })) ?? purchase;
}

/** Records the charge and payment intent that paid a purchase (and its card), where not known yet. */
export async function fillLinks(
  db: Database,
  purchase: Purchase,
  sale: Pick<Sale, "chargeId" | "paymentIntentId" | "invoiceId" | "paymentFingerprint">,
): Promise<Purchase> {
  const missing =
    (!purchase.stripeChargeId && sale.chargeId) ||
    (!purchase.stripePaymentIntentId && sale.paymentIntentId) ||
    (!purchase.stripeInvoiceId && sale.invoiceId) ||
    (!purchase.paymentFingerprint && sale.paymentFingerprint);
  if (!missing) return purchase;
  const links = {
    chargeId: sale.chargeId ?? null,
    paymentIntentId: sale.paymentIntentId ?? null,
    invoiceId: sale.invoiceId ?? null,
    paymentFingerprint: sale.paymentFingerprint ?? null,
  };
  const filled = (await fillPurchaseLinks(db, purchase, links)) ?? purchase;
  if (!purchase.paymentFingerprint && filled.paymentFingerprint) {
    await checkLateCard(db, filled);
    await queueCardLookBack(db, filled);
  }
  return filled;
}

/**
 * A card fingerprint learned after the sale was recorded (its charge came in a later event, or
 * a billing period's invoice was paid) gets the check the sale would have had with it.
 */
export async function checkLateCard(db: Database, purchase: Purchase): Promise<void> {
  if (!purchase.paymentFingerprint || !purchase.affiliateId || purchase.selfReferral) return;
  const affiliate = await findAffiliateById(db, purchase.merchantId, purchase.affiliateId);
  const reason = affiliate && (await cardReason(db, purchase.merchantId, purchase, affiliate));
  if (reason) await holdForReview(db, purchase, reason);
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
