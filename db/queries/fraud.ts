import { and, eq, ne, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, leads, purchases, stripeCustomers, visitors } from "../schema";

/**
 * How many of this merchant's leads share this lead's visitor (one browser) or its client
 * address (its hashed IP).
 */
export async function leadsSharing(
  db: Database,
  merchantId: string,
  leadId: string,
  by: "visitor" | "address",
) {
  const column = by === "visitor" ? leads.visitorId : leads.ipHash;
  const own = by === "visitor" ? sql.raw("l.visitor_id") : sql.raw("l.ip_hash");
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(
      and(
        eq(leads.merchantId, merchantId),
        sql`${column} = (select ${own} from leads l where l.merchant_id = ${merchantId} and l.id = ${leadId})`,
      ),
    );
  return row?.n ?? 0;
}

/**
 * An earlier purchase of the affiliate's own paid with this card: a sale under their email
 * (whether credited to them as a self-referral or to no one), or by a Stripe customer with
 * their email.
 */
export async function affiliatePurchaseWithCard(
  db: Database,
  merchantId: string,
  affiliate: { id: string; email: string },
  fingerprint: string,
  exceptPurchaseId: string,
) {
  const email = affiliate.email.trim().toLowerCase();
  const [row] = await db
    .select({ id: purchases.id })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.paymentFingerprint, fingerprint),
        ne(purchases.id, exceptPurchaseId),
        or(
          sql`lower(${purchases.email}) = ${email}`,
          and(eq(purchases.selfReferral, true), eq(purchases.affiliateId, affiliate.id)),
          sql`${purchases.stripeCustomerId} in (select c.stripe_customer_id from ${stripeCustomers} c where c.merchant_id = ${merchantId} and lower(c.email) = ${email})`,
        ),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Whether a sale with these facts may be credited to an affiliate (by its customer, a tracking
 * id, a coupon or a lead's email), or is an affiliate's own purchase. A read ahead of the
 * transaction, without the attribution window: it may say yes too often, never no for a sale
 * that would be credited now.
 */
export async function mayBeCredited(
  db: Database,
  merchantId: string,
  hints: { customerId: string | null; email: string | null; trackingIds: string[]; promotionCodes: string[] },
): Promise<boolean> {
  const email = hints.email?.trim().toLowerCase() ?? null;
  const ids = sql.join(
    (hints.trackingIds.length > 0 ? hints.trackingIds : [""]).map((t) => sql`${t}`),
    sql`, `,
  );
  const codes = sql.join(
    (hints.promotionCodes.length > 0 ? hints.promotionCodes : [""]).map((c) => sql`${c.toLowerCase()}`),
    sql`, `,
  );
  const [row] = await db
    .select({
      found: sql<boolean>`(
      exists (select 1 from ${stripeCustomers} c where c.merchant_id = ${merchantId}
        and c.stripe_customer_id = ${hints.customerId} and c.affiliate_id is not null)
      or exists (select 1 from ${visitors} v where v.merchant_id = ${merchantId}
        and v.id in (${ids}) and v.affiliate_id is not null)
      or exists (select 1 from ${leads} l where l.merchant_id = ${merchantId} and l.affiliate_id is not null
        and (l.id in (${ids}) or l.visitor_id in (${ids}) or lower(l.email) = ${email}))
      or exists (select 1 from ${affiliates} a where a.merchant_id = ${merchantId}
        and (lower(a.email) = ${email} or lower(a.coupon_code) in (${codes}))))`,
    })
    .from(sql`(select 1) as one`);
  return !!row?.found;
}

/** Sales credited to the affiliate (not as self-referrals) paid with this fingerprint. */
export async function creditedPurchasesWithCard(
  db: Database,
  merchantId: string,
  affiliateId: string,
  fingerprint: string,
  exceptPurchaseId: string,
) {
  return db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.paymentFingerprint, fingerprint),
        eq(purchases.affiliateId, affiliateId),
        eq(purchases.selfReferral, false),
        ne(purchases.id, exceptPurchaseId),
      ),
    );
}
