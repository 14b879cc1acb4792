import type { Database } from "@/db";
import { findAffiliateByCouponCode, findAffiliateById } from "@/db/queries/affiliates";
import {
  findLeadByEmail,
  findTrackedReferral,
  insertSaleLead,
  linkLeadToCustomer,
  setCustomerAttribution,
  upsertCustomerForUpdate,
} from "@/db/queries/customers";
import type { Affiliate, Merchant } from "@/db/schema";
import { type Attribution, attribute, isSelfReferral } from "@/lib/attribution/attribute";
import { newId } from "@/lib/ids";
import type { SaleHints } from "./hints";

export interface SaleAttribution extends Attribution {
  affiliate: Affiliate;
  selfReferral: boolean;
  /**
   * Following the customer: the method that attributed them first (a sale that paid nothing
   * yet, such as a trial's $0 invoice, may have fixed it).
   */
  customerMethod?: Attribution["method"] | null;
}

async function firstMatch<T>(
  values: string[],
  find: (value: string) => Promise<T | null>,
): Promise<T | null> {
  for (const value of values) {
    const found = await find(value);
    if (found) return found;
  }
  return null;
}

/**
 * Attributes a sale and, when it has a Stripe customer, fixes the customer's attribution so
 * later sales follow it. The customer row is upserted and locked in one statement: two events
 * for one new customer at once wait for each other instead of attributing twice.
 */
export async function attributeSale(
  db: Database,
  merchant: Merchant,
  hints: SaleHints,
  options: { livemode: boolean; at: Date },
): Promise<SaleAttribution | null> {
  const merchantId = merchant.id;
  const customer = hints.customerId
    ? await upsertCustomerForUpdate(db, {
        merchantId,
        stripeCustomerId: hints.customerId,
        email: hints.email,
        livemode: options.livemode,
      })
    : null;
  const result = await attribute({
    customer: async () =>
      customer?.affiliateId ? { affiliateId: customer.affiliateId, leadId: customer.leadId } : null,
    tracking: () => firstMatch(hints.trackingIds, (id) => findTrackedReferral(db, merchantId, id)),
    coupon: () =>
      firstMatch(hints.promotionCodes, async (code) => {
        const affiliate = await findAffiliateByCouponCode(db, merchantId, code);
        return affiliate ? { affiliateId: affiliate.id } : null;
      }),
    email: async () => {
      const lead = hints.email ? await findLeadByEmail(db, merchantId, hints.email) : null;
      return lead?.affiliateId
        ? { affiliateId: lead.affiliateId, leadId: lead.id, at: lead.createdAt }
        : null;
    },
    precedence: merchant.attributionPrecedence,
    windowDays: merchant.attributionWindowDays,
    now: options.at,
  });
  if (!result) return null;

  const affiliate = await findAffiliateById(db, merchantId, result.affiliateId);
  if (!affiliate) return null;
  const selfReferral = isSelfReferral(hints.email ?? customer?.email, affiliate.email);
  if (result.method === "customer")
    return { ...result, affiliate, selfReferral, customerMethod: customer?.attribution ?? null };
  const created = result.leadId ? null : await ensureLead(db, merchantId, hints, result.affiliateId);
  const leadId = result.leadId ?? created?.id ?? null;
  if (hints.customerId) {
    const stripeCustomerId = hints.customerId;
    await setCustomerAttribution(db, {
      merchantId,
      stripeCustomerId,
      affiliateId: result.affiliateId,
      leadId,
      attribution: result.method,
      email: hints.email,
    });
    if (leadId && !created?.withCustomer)
      await linkLeadToCustomer(db, { merchantId, leadId, stripeCustomerId });
  }
  return { ...result, leadId, affiliate, selfReferral };
}

/**
 * A buyer referred by tracking or coupon becomes a lead too (their email is known now).
 * `withCustomer`: the lead was created here, already linked to the Stripe customer.
 */
async function ensureLead(db: Database, merchantId: string, hints: SaleHints, affiliateId: string) {
  if (!hints.email) return null;
  const created = await insertSaleLead(db, {
    id: newId("lead"),
    merchantId,
    email: hints.email,
    affiliateId,
    stripeCustomerId: hints.customerId,
  });
  if (created) return { id: created.id, withCustomer: true };
  const existing = await findLeadByEmail(db, merchantId, hints.email);
  return existing ? { id: existing.id, withCustomer: false } : null;
}
