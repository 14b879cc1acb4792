import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db";
import {
  findAffiliateByCouponCode,
  findAffiliateById,
  findLeadByEmail,
  findTrackedReferral,
  lockCustomer,
} from "@/db/queries/sales";
import { type Affiliate, leads, type Merchant, stripeCustomers } from "@/db/schema";
import { type Attribution, attribute, isSelfReferral } from "@/lib/attribution/attribute";
import { newId } from "@/lib/ids";
import type { SaleHints } from "./hints";

export interface SaleAttribution extends Attribution {
  affiliate: Affiliate;
  selfReferral: boolean;
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
 * later sales follow it. The customer row is inserted then locked: two events for one new
 * customer at once wait for each other instead of attributing twice.
 */
export async function attributeSale(
  db: Database,
  merchant: Merchant,
  hints: SaleHints,
  options: { livemode: boolean; at: Date },
): Promise<SaleAttribution | null> {
  const merchantId = merchant.id;
  let customer: typeof stripeCustomers.$inferSelect | null = null;
  if (hints.customerId) {
    await db
      .insert(stripeCustomers)
      .values({
        merchantId,
        stripeCustomerId: hints.customerId,
        email: hints.email,
        livemode: options.livemode,
      })
      .onConflictDoNothing();
    customer = await lockCustomer(db, merchantId, hints.customerId);
  }
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
  if (result.method === "customer") return { ...result, affiliate, selfReferral };
  const leadId = result.leadId ?? (await ensureLead(db, merchantId, hints, result.affiliateId));
  if (hints.customerId) {
    await db
      .update(stripeCustomers)
      .set({ affiliateId: result.affiliateId, leadId, attribution: result.method, email: hints.email })
      .where(
        and(
          eq(stripeCustomers.merchantId, merchantId),
          eq(stripeCustomers.stripeCustomerId, hints.customerId),
        ),
      );
    if (leadId) {
      await db
        .update(leads)
        .set({ stripeCustomerId: hints.customerId })
        .where(and(eq(leads.merchantId, merchantId), eq(leads.id, leadId), isNull(leads.stripeCustomerId)));
    }
  }
  return { ...result, leadId, affiliate, selfReferral };
}

/** A buyer referred by tracking or coupon becomes a lead too (their email is known now). */
async function ensureLead(db: Database, merchantId: string, hints: SaleHints, affiliateId: string) {
  if (!hints.email) return null;
  const [created] = await db
    .insert(leads)
    .values({
      id: newId("lead"),
      merchantId,
      email: hints.email,
      affiliateId,
      stripeCustomerId: hints.customerId,
    })
    .onConflictDoNothing()
    .returning({ id: leads.id });
  return created?.id ?? (await findLeadByEmail(db, merchantId, hints.email))?.id ?? null;
}
