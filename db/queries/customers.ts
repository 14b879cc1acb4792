import { and, eq, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { placeholder, placeholders, reusable } from "../reusable";
import { leads, stripeCustomers, visitors } from "../schema";

/**
 * Stripe customers and the leads they were: the attribution a customer's sales follow. Every query is scoped by merchant; the ones every
 * webhook runs are built once (db/reusable.ts): `$name` below is a placeholder.
 */

const $ = sql.placeholder;

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

const trackedReferralQuery = reusable("tracked_referral", (db) =>
  db
    .select({
      visitorAffiliateId: visitors.affiliateId,
      visitorAffiliateAt: visitors.affiliateAt,
      leadId: leads.id,
      leadAffiliateId: leads.affiliateId,
      leadAt: leads.createdAt,
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
 * visitor's credited affiliate wins over the lead's. One query either way. `at` is when the
 * credit was given (the visitor arrived through the link, or the lead was bound), which the
 * attribution window counts from.
 */
export async function findTrackedReferral(db: Database, merchantId: string, trackingId: string) {
  const [row] = await trackedReferralQuery(db, { merchantId, trackingId });
  if (!row) return null;
  if (row.visitorAffiliateId) {
    const at = row.visitorAffiliateAt ?? row.leadAt;
    return { affiliateId: row.visitorAffiliateId, leadId: row.leadId, at: at ? new Date(at) : null };
  }
  if (!row.leadAffiliateId) return null;
  return {
    affiliateId: row.leadAffiliateId,
    leadId: row.leadId,
    at: row.leadAt ? new Date(row.leadAt) : null,
  };
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

const leadsCancellationQuery = reusable("leads_cancellation", (db) =>
  db
    .update(leads)
    .set({ status: placeholder("status"), cancelledAt: placeholder("cancelledAt") })
    .where(
      and(
        eq(leads.merchantId, $("merchantId")),
        eq(leads.stripeCustomerId, $("stripeCustomerId")),
        // Unchanged leads are not rewritten (each write fires the reports' rollup trigger).
        sql`(${leads.status}, ${leads.cancelledAt}) is distinct from (${$("status")}::text, ${$("cancelledAt")}::timestamptz)`,
      ),
    ),
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
