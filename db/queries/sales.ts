import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholder, placeholders, reusable } from "../reusable";
import {
  affiliates,
  type Commission,
  commissions,
  leads,
  type Purchase,
  purchases,
  type StripeSubscription,
  stripeCustomers,
  stripeSubscriptions,
  visitors,
} from "../schema";

/**
 * Lookups and writes behind webhook processing; every one is scoped by merchant. The ones
 * every sale runs are built once (db/reusable.ts): `$name` below is a placeholder.
 */

const $ = sql.placeholder;

/** By charge id, else by its payment intent ($paymentIntentId may be null: it then matches nothing). */
const paidBy = and(
  eq(purchases.merchantId, $("merchantId")),
  or(
    eq(purchases.stripeChargeId, $("chargeId")),
    eq(purchases.stripePaymentIntentId, $("paymentIntentId")),
    eq(purchases.stripeId, $("paymentIntentId")),
  ),
);
const purchaseForChargeQuery = reusable("purchase_for_charge", (db) =>
  db.select().from(purchases).where(paidBy).limit(1).for("update"),
);
const purchaseIdForChargeQuery = reusable("purchase_id_for_charge", (db) =>
  db.select({ id: purchases.id }).from(purchases).where(paidBy).limit(1),
);

type ChargeRef = { id: string; paymentIntentId: string | null };

/** The purchase a charge paid for (by charge id, else by its payment intent), locked. */
export async function lockPurchaseForCharge(db: Database, merchantId: string, charge: ChargeRef) {
  const [row] = await purchaseForChargeQuery(db, {
    merchantId,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
  });
  return row ?? null;
}

/** The same, without a lock: a read ahead of the transaction. */
export async function findPurchaseForCharge(db: Database, merchantId: string, charge: ChargeRef) {
  const [row] = await purchaseIdForChargeQuery(db, {
    merchantId,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
  });
  return row ?? null;
}

/**
 * Serializes the work on one sale: every event that reveals it takes this lock first, so a
 * second delivery waits for the first to commit instead of attributing the same sale again.
 */
export async function lockSaleKey(db: Database, merchantId: string, stripeId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${merchantId}:${stripeId}`}, 0))`);
}

const salePurchaseQuery = reusable("sale_purchase", (db) =>
  db
    .select()
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, $("merchantId")),
        or(
          eq(purchases.stripeId, $("stripeId")),
          sql`${purchases.stripeId} = any(${$("aliases")})`,
          eq(purchases.stripePaymentIntentId, $("paymentIntentId")),
        ),
      ),
    )
    .orderBy(sql`${purchases.stripeId} = ${$("stripeId")} desc`)
    .limit(1)
    .for("update"),
);

/**
 * The sale's purchase, locked: recorded under its own key, or else under one of its other ids
 * or with the payment intent that paid it (the site's own recordPurchase report, or a purchase
 * recorded before the key was the one Leadtrail uses now). The row under the key itself wins.
 */
export async function lockSalePurchase(
  db: Database,
  merchantId: string,
  sale: { stripeId: string; aliases?: string[]; paymentIntentId?: string | null },
) {
  const [row] = await salePurchaseQuery(db, {
    merchantId,
    stripeId: sale.stripeId,
    aliases: sale.aliases ?? [],
    paymentIntentId: sale.paymentIntentId ?? null,
  });
  return row ?? null;
}

const upsertCustomerQuery = reusable("customer_upsert", (db) =>
  db
    .insert(stripeCustomers)
    .values({
      merchantId: $("merchantId"),
      stripeCustomerId: $("stripeCustomerId"),
      email: $("email"),
      livemode: $("livemode"),
    })
    .onConflictDoUpdate({
      target: [stripeCustomers.merchantId, stripeCustomers.stripeCustomerId],
      set: { email: sql`coalesce(${stripeCustomers.email}, excluded.email)` },
    })
    .returning(),
);

/**
 * The Stripe customer's row, created if new and locked: two events for one new customer at
 * once wait for each other here instead of attributing twice.
 */
export async function upsertCustomerForUpdate(
  db: Database,
  row: { merchantId: string; stripeCustomerId: string; email: string | null; livemode: boolean },
) {
  const [customer] = await upsertCustomerQuery(db, row);
  return customer!;
}

const customerEmailQuery = reusable("customer_email", (db) =>
  db
    .insert(stripeCustomers)
    .values(placeholders("merchantId", "stripeCustomerId", "email", "livemode"))
    .onConflictDoUpdate({
      target: [stripeCustomers.merchantId, stripeCustomers.stripeCustomerId],
      set: { email: sql`excluded.email` },
    }),
);

/** A Stripe customer as its own event describes it (`customer.created|updated`): the email kept current. */
export async function saveCustomerEmail(
  db: Database,
  row: { merchantId: string; stripeCustomerId: string; email: string | null; livemode: boolean },
) {
  await customerEmailQuery(db, row);
}

const affiliateByIdQuery = reusable("affiliate_by_id", (db) =>
  db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, $("merchantId")), eq(affiliates.id, $("affiliateId"))))
    .limit(1),
);

export async function findAffiliateById(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await affiliateByIdQuery(db, { merchantId, affiliateId });
  return row ?? null;
}

const affiliateByCouponQuery = reusable("affiliate_by_coupon", (db) =>
  db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(
      and(eq(affiliates.merchantId, $("merchantId")), sql`lower(${affiliates.couponCode}) = ${$("code")}`),
    )
    .limit(1),
);

export async function findAffiliateByCouponCode(db: Database, merchantId: string, code: string) {
  const [row] = await affiliateByCouponQuery(db, { merchantId, code: code.toLowerCase() });
  return row ?? null;
}

const trackedReferralQuery = reusable("tracked_referral", (db) =>
  db
    .select({
      visitorAffiliateId: visitors.affiliateId,
      leadId: leads.id,
      leadAffiliateId: leads.affiliateId,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(visitors, and(eq(visitors.merchantId, $("merchantId")), eq(visitors.id, $("trackingId"))))
    .leftJoin(
      leads,
      and(
        eq(leads.merchantId, $("merchantId")),
        or(eq(leads.visitorId, $("trackingId")), eq(leads.id, $("trackingId"))),
      ),
    )
    .limit(1),
);

/**
 * A tracking id names a visitor (the cookie) or, as some integrations pass it, a lead; the
 * visitor's credited affiliate wins over the lead's. One query either way.
 */
export async function findTrackedReferral(db: Database, merchantId: string, trackingId: string) {
  const [row] = await trackedReferralQuery(db, { merchantId, trackingId });
  const affiliateId = row?.visitorAffiliateId ?? row?.leadAffiliateId;
  return affiliateId ? { affiliateId, leadId: row?.leadId ?? null } : null;
}

const leadByEmailQuery = reusable("lead_by_email", (db) =>
  db
    .select()
    .from(leads)
    .where(and(eq(leads.merchantId, $("merchantId")), sql`lower(${leads.email}) = ${$("email")}`))
    .limit(1),
);

export async function findLeadByEmail(db: Database, merchantId: string, email: string) {
  const [row] = await leadByEmailQuery(db, { merchantId, email: email.toLowerCase() });
  return row ?? null;
}

const SALE_COLUMNS = [
  "id",
  "merchantId",
  "stripeId",
  "source",
  "leadId",
  "affiliateId",
  "attribution",
  "selfReferral",
  "stripeCustomerId",
  "stripeSubscriptionId",
  "stripeChargeId",
  "stripePaymentIntentId",
  "email",
  "amount",
  "currency",
  "status",
  "livemode",
  "createdAt",
] as const;
const insertPurchaseQuery = reusable("purchase_insert", (db) =>
  db
    .insert(purchases)
    .values(placeholders(...SALE_COLUMNS))
    .onConflictDoNothing()
    .returning(),
);

/** A new purchase, or null when its natural key is already taken. */
export async function insertPurchase(db: Database, row: Pick<Purchase, (typeof SALE_COLUMNS)[number]>) {
  const [inserted] = await insertPurchaseQuery(db, row);
  return inserted ?? null;
}

const purchaseLinksQuery = reusable("purchase_links", (db) =>
  db
    .update(purchases)
    .set({
      stripeChargeId: sql`coalesce(${purchases.stripeChargeId}, ${$("chargeId")})`,
      stripePaymentIntentId: sql`coalesce(${purchases.stripePaymentIntentId}, ${$("paymentIntentId")})`,
    })
    .where(and(eq(purchases.merchantId, $("merchantId")), eq(purchases.id, $("id"))))
    .returning(),
);

/** Records the charge and payment intent that paid a purchase where they were not known. */
export async function fillPurchaseLinks(
  db: Database,
  purchase: Pick<Purchase, "merchantId" | "id">,
  links: { chargeId: string | null; paymentIntentId: string | null },
) {
  const [updated] = await purchaseLinksQuery(db, {
    merchantId: purchase.merchantId,
    id: purchase.id,
    ...links,
  });
  return updated ?? null;
}

const insertLeadQuery = reusable("sale_lead_insert", (db) =>
  db
    .insert(leads)
    .values(placeholders("id", "merchantId", "email", "affiliateId", "stripeCustomerId"))
    .onConflictDoNothing()
    .returning({ id: leads.id }),
);

/** A buyer's lead, unless the email is already a lead (null then). */
export async function insertSaleLead(
  db: Database,
  lead: {
    id: string;
    merchantId: string;
    email: string;
    affiliateId: string;
    stripeCustomerId: string | null;
  },
) {
  const [row] = await insertLeadQuery(db, lead);
  return row ?? null;
}

const customerAttributionQuery = reusable("customer_attribution", (db) =>
  db
    .update(stripeCustomers)
    .set({
      affiliateId: placeholder("affiliateId"),
      leadId: placeholder("leadId"),
      attribution: placeholder("attribution"),
      email: placeholder("email"),
    })
    .where(
      and(
        eq(stripeCustomers.merchantId, $("merchantId")),
        eq(stripeCustomers.stripeCustomerId, $("stripeCustomerId")),
      ),
    ),
);

/** The customer's first attribution, which their later sales follow. */
export async function setCustomerAttribution(
  db: Database,
  row: {
    merchantId: string;
    stripeCustomerId: string;
    affiliateId: string;
    leadId: string | null;
    attribution: string;
    email: string | null;
  },
) {
  await customerAttributionQuery(db, row);
}

const leadCustomerQuery = reusable("lead_customer", (db) =>
  db
    .update(leads)
    .set({ stripeCustomerId: placeholder("stripeCustomerId") })
    .where(
      and(
        eq(leads.merchantId, $("merchantId")),
        eq(leads.id, $("leadId")),
        sql`${leads.stripeCustomerId} is null`,
      ),
    ),
);

/** Links a lead to the Stripe customer it became, unless it is linked already. */
export async function linkLeadToCustomer(
  db: Database,
  link: { merchantId: string; leadId: string; stripeCustomerId: string },
) {
  await leadCustomerQuery(db, link);
}

const COMMISSION_COLUMNS = [
  "id",
  "merchantId",
  "affiliateId",
  "purchaseId",
  "amount",
  "grossAmount",
  "currency",
  "status",
  "kind",
  "dueAt",
  "livemode",
  "createdAt",
] as const;
const insertCommissionQuery = reusable("sale_commission_insert", (db) =>
  db
    .insert(commissions)
    .values(placeholders(...COMMISSION_COLUMNS))
    .onConflictDoNothing()
    .returning(),
);

/** A purchase's sale commission; null if it already has one. */
export async function insertSaleCommission(
  db: Database,
  row: Pick<Commission, (typeof COMMISSION_COLUMNS)[number]>,
) {
  const [inserted] = await insertCommissionQuery(db, row);
  return inserted ?? null;
}

const SUBSCRIPTION_FIELDS = {
  stripeCustomerId: "stripe_customer_id",
  status: "status",
  amount: "amount",
  currency: "currency",
  interval: "interval",
  intervalCount: "interval_count",
  startedAt: "started_at",
  currentPeriodEnd: "current_period_end",
  cancelAt: "cancel_at",
  endedAt: "ended_at",
  livemode: "livemode",
} as const;
type SubscriptionFields = Pick<StripeSubscription, keyof typeof SUBSCRIPTION_FIELDS>;

const upsertSubscriptionQuery = reusable("subscription_upsert", (db) =>
  db
    .insert(stripeSubscriptions)
    .values({
      ...placeholders(
        "merchantId",
        "stripeSubscriptionId",
        "trackingMode",
        "data",
        ...(Object.keys(SUBSCRIPTION_FIELDS) as (keyof typeof SUBSCRIPTION_FIELDS)[]),
      ),
      // Dates that may be null go as ISO strings: a column's own encoding would choke on null.
      currentPeriodEnd: placeholder("currentPeriodEnd"),
      cancelAt: placeholder("cancelAt"),
      endedAt: placeholder("endedAt"),
    })
    .onConflictDoUpdate({
      target: [stripeSubscriptions.merchantId, stripeSubscriptions.stripeSubscriptionId],
      // Stripe's current facts replace the stored ones; the tracking mode stays as first seen,
      // and stored discounts are merged by the caller (setSubscriptionData).
      set: Object.fromEntries(
        Object.entries(SUBSCRIPTION_FIELDS).map(([key, column]) => [key, sql.raw(`excluded.${column}`)]),
      ),
    })
    .returning(),
);

/**
 * Stores a subscription as Stripe has it now and locks its row. `data` is written when the
 * row is new; an existing row's comes back as stored.
 */
export async function upsertSubscription(
  db: Database,
  row: SubscriptionFields &
    Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId" | "trackingMode" | "data">,
) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const [stored] = await upsertSubscriptionQuery(db, {
    ...row,
    currentPeriodEnd: iso(row.currentPeriodEnd),
    cancelAt: iso(row.cancelAt),
    endedAt: iso(row.endedAt),
  });
  return stored!;
}

export async function setSubscriptionData(
  db: Database,
  sub: Pick<StripeSubscription, "merchantId" | "stripeSubscriptionId" | "data">,
) {
  await db
    .update(stripeSubscriptions)
    .set({ data: sub.data })
    .where(
      and(
        eq(stripeSubscriptions.merchantId, sub.merchantId),
        eq(stripeSubscriptions.stripeSubscriptionId, sub.stripeSubscriptionId),
      ),
    );
}

const trackingModeQuery = reusable("subscription_tracking_mode", (db) =>
  db
    .select({ trackingMode: stripeSubscriptions.trackingMode })
    .from(stripeSubscriptions)
    .where(
      and(
        eq(stripeSubscriptions.merchantId, $("merchantId")),
        eq(stripeSubscriptions.stripeSubscriptionId, $("subscriptionId")),
      ),
    ),
);

/** How a stored subscription is tracked (fixed when first seen); null if it is new. */
export async function subscriptionTrackingMode(db: Database, merchantId: string, subscriptionId: string) {
  const [row] = await trackingModeQuery(db, { merchantId, subscriptionId });
  return row?.trackingMode ?? null;
}

const leadsCancellationQuery = reusable("leads_cancellation", (db) =>
  db
    .update(leads)
    .set({ status: placeholder("status"), cancelledAt: placeholder("cancelledAt") })
    .where(and(eq(leads.merchantId, $("merchantId")), eq(leads.stripeCustomerId, $("stripeCustomerId")))),
);

/** Marks a customer's leads cancelled from a date, or active again (cancelledAt null). */
export async function setLeadsCancellation(
  db: Database,
  change: { merchantId: string; stripeCustomerId: string; cancelledAt: Date | null },
) {
  await leadsCancellationQuery(db, {
    merchantId: change.merchantId,
    stripeCustomerId: change.stripeCustomerId,
    status: change.cancelledAt ? "cancelled" : "active",
    cancelledAt: change.cancelledAt?.toISOString() ?? null,
  });
}

/** The customer's earlier commissionable payments, for first-only and N-month plans. */
export async function priorPaymentsOf(
  db: Database,
  merchantId: string,
  stripeCustomerId: string,
  before: Date,
) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, first: sql<Date | null>`min(${purchases.createdAt})` })
    .from(purchases)
    .where(
      and(
        eq(purchases.merchantId, merchantId),
        eq(purchases.stripeCustomerId, stripeCustomerId),
        sql`${purchases.affiliateId} is not null`,
        lt(purchases.createdAt, before),
      ),
    );
  const first = row?.first ? new Date(row.first) : null;
  return { count: row?.count ?? 0, first };
}

const saleCommissionQuery = reusable("sale_commission", (db) =>
  db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, $("merchantId")),
        eq(commissions.purchaseId, $("purchaseId")),
        eq(commissions.kind, "sale"),
        sql`${commissions.periodStart} is null`,
      ),
    )
    .for("update"),
);

export async function lockSaleCommission(db: Database, merchantId: string, purchaseId: string) {
  const [row] = await saleCommissionQuery(db, { merchantId, purchaseId });
  return row ?? null;
}

export async function clawbackTotal(db: Database, merchantId: string, commissionId: string) {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${commissions.amount}), 0)::int` })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.reversesId, commissionId),
        sql`${commissions.status} <> 'cancelled'`,
      ),
    );
  return row?.total ?? 0;
}

/** Commissions whose hold has passed become due (pending → due only: SPEC §6). */
export async function promoteDueCommissions(db: Database, now: Date, merchantId?: string) {
  const rows = await db
    .update(commissions)
    .set({ status: "due" })
    .where(
      and(
        merchantId ? eq(commissions.merchantId, merchantId) : undefined,
        eq(commissions.status, "pending"),
        lt(commissions.dueAt, now),
      ),
    )
    .returning({ id: commissions.id });
  return rows.length;
}
