import { and, desc, eq, sql } from "drizzle-orm";
import type { AttributionModel, LeadBinding } from "@/lib/attribution/model";
import { type CursorKey, encodeCursor } from "@/lib/cursor";
import { newId } from "@/lib/ids";
import type { Database } from "../index";
import { affiliates, type Lead, leads, merchants, purchases, visitors } from "../schema";
import { afterCursor, cursorAt } from "./pagination";

/** What the ingestion path needs to know about the merchant behind a public key. */
export async function trackingMerchantByPublicKey(db: Database, publicKey: string) {
  const [row] = await db
    .select({
      id: merchants.id,
      affiliateParams: merchants.affiliateParams,
      attributionWindowDays: merchants.attributionWindowDays,
      attributionModel: merchants.attributionModel,
      allowedOrigins: merchants.allowedOrigins,
      firstVisitAt: merchants.firstVisitAt,
    })
    .from(merchants)
    .where(eq(merchants.publicKey, publicKey))
    .limit(1);
  return row ?? null;
}

export interface TrackingSettings {
  siteUrl: string | null;
  affiliateParams: string[];
  attributionWindowDays: number;
  attributionModel: AttributionModel;
  allowedOrigins: string[];
}

export async function updateTrackingSettings(db: Database, merchantId: string, settings: TrackingSettings) {
  await db.update(merchants).set(settings).where(eq(merchants.id, merchantId));
}

/** Installation confirmed: set once, on the first visit (SPEC §3). */
export async function markFirstVisit(db: Database, merchantId: string) {
  await db
    .update(merchants)
    .set({ firstVisitAt: sql`now()` })
    .where(and(eq(merchants.id, merchantId), sql`${merchants.firstVisitAt} is null`));
}

export interface NewVisit {
  merchantId: string;
  visitorId: string;
  affiliateId: string | null;
  url: string;
  referrer: string | null;
  model: AttributionModel;
  windowDays: number;
  now?: Date;
  ipHash?: string | null;
  uaHash?: string | null;
}

/**
 * Records a visit and keeps the visitor's credit in one statement, one round trip on the hot
 * path. The credit rule is lib/attribution/model.ts `nextVisitorCredit`, written in SQL; the
 * parity test in lib/tracking holds the two together.
 * $1 merchant, $2 visitor, $3 affiliate or null, $4 now, $5 url, $6 referrer, $7 model, $8 window days,
 * $9 and $10 the hashed client address and user agent.
 */
const TAKES_NEW_CREDIT = `(excluded.affiliate_id is not null and (
        $7::text = 'last_touch'
        or v.affiliate_id is null
        or v.affiliate_at is null
        or v.affiliate_id = excluded.affiliate_id
        or v.affiliate_at < $4::timestamptz - make_interval(days => $8::int)))`;

const INSERT_VISIT = `
  with visitor as (
    insert into visitors as v (merchant_id, id, affiliate_id, affiliate_at, first_seen_at, last_seen_at)
    values ($1, $2, $3::text, case when $3::text is null then null else $4::timestamptz end,
      $4::timestamptz, $4::timestamptz)
    on conflict (merchant_id, id) do update set
      last_seen_at = excluded.last_seen_at,
      affiliate_id = case when ${TAKES_NEW_CREDIT} then excluded.affiliate_id else v.affiliate_id end,
      affiliate_at = case when ${TAKES_NEW_CREDIT} then excluded.affiliate_at else v.affiliate_at end
  )
  insert into visits (merchant_id, visitor_id, affiliate_id, url, referrer, ip_hash, ua_hash, created_at)
  values ($1, $2, $3::text, $5::text, $6::text, $9::text, $10::text, $4::timestamptz)`;

export async function insertVisit(db: Database, visit: NewVisit) {
  await executePrepared(db, INSERT_VISIT, [
    visit.merchantId,
    visit.visitorId,
    visit.affiliateId,
    (visit.now ?? new Date()).toISOString(),
    visit.url,
    visit.referrer,
    visit.model,
    visit.windowDays,
    visit.ipHash ?? null,
    visit.uaHash ?? null,
  ]);
}

type PostgresJsClient = {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): PromiseLike<unknown>;
};
type PgliteClient = { query(query: string, params: unknown[]): Promise<unknown> };

/**
 * Runs a fixed statement straight on the driver, as a named prepared statement on PostgreSQL:
 * the busiest write in Leadtrail skips Drizzle's query building, and the server parses and
 * plans it once per connection (bench/track-ingest). PGlite runs it directly.
 */
async function executePrepared(db: Database, query: string, params: unknown[]) {
  const client = (db as unknown as { $client: PostgresJsClient | PgliteClient }).$client;
  if ("unsafe" in client) await client.unsafe(query, params, { prepare: true });
  else await client.query(query, params);
}

export async function findVisitorCredit(db: Database, merchantId: string, visitorId: string) {
  const [row] = await db
    .select({ affiliateId: visitors.affiliateId, affiliateAt: visitors.affiliateAt })
    .from(visitors)
    .where(and(eq(visitors.merchantId, merchantId), eq(visitors.id, visitorId)))
    .limit(1);
  return row ?? null;
}

export async function insertLeadIfNew(
  db: Database,
  lead: {
    merchantId: string;
    email: string;
    data: Record<string, unknown> | null;
    ipHash?: string | null;
    uaHash?: string | null;
  } & LeadBinding,
) {
  // No conflict target: drizzle names columns only, and the key that matters is the expression
  // index leads_email_key (merchant_id, lower(email)); the other keys are random ids.
  const [row] = await db
    .insert(leads)
    .values({ id: newId("lead"), ...lead, email: lead.email.toLowerCase() })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The merchant's lead for an email, locked until the transaction ends. */
export async function lockLeadByEmail(db: Database, merchantId: string, email: string) {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.merchantId, merchantId), sql`lower(${leads.email}) = ${email.toLowerCase()}`))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function updateLeadBinding(
  db: Database,
  merchantId: string,
  leadId: string,
  update: LeadBinding & { data?: Record<string, unknown> },
) {
  const [row] = await db
    .update(leads)
    .set(update)
    .where(and(eq(leads.merchantId, merchantId), eq(leads.id, leadId)))
    .returning();
  return row!;
}

export interface ScriptPurchase {
  merchantId: string;
  purchaseCode: string;
  email: string;
  amount: number;
  currency: string;
  leadId: string;
  affiliateId: string | null;
}

/**
 * A purchase reported by the script: unverified until a Stripe event confirms it. The purchase
 * code is the natural key, so a repeat report (or one Stripe already recorded) changes nothing.
 */
export async function insertScriptPurchase(db: Database, p: ScriptPurchase) {
  const [row] = await db
    .insert(purchases)
    .values({
      id: newId("pur"),
      merchantId: p.merchantId,
      stripeId: p.purchaseCode,
      source: "script",
      leadId: p.leadId,
      affiliateId: p.affiliateId,
      email: p.email.toLowerCase(),
      amount: p.amount,
      currency: p.currency,
      status: "unverified",
      attribution: p.affiliateId ? "tracking" : null,
      // Unknown until Stripe confirms; a script on a live site reports live sales.
      livemode: true,
    })
    .onConflictDoNothing({ target: [purchases.merchantId, purchases.stripeId] })
    .returning({ id: purchases.id });
  return row ?? null;
}

/** The merchant's leads, newest first, with the affiliate each is bound to. */
export async function listLeads(
  db: Database,
  params: {
    merchantId: string;
    limit: number;
    cursor: CursorKey | null;
    affiliateId?: string;
    status?: Lead["status"];
  },
) {
  const rows = await db
    .select({
      id: leads.id,
      email: leads.email,
      status: leads.status,
      stripeCustomerId: leads.stripeCustomerId,
      createdAt: leads.createdAt,
      cursorAt: cursorAt(leads.createdAt),
      affiliateId: leads.affiliateId,
      affiliateFirstName: affiliates.firstName,
      affiliateLastName: affiliates.lastName,
      affiliateCode: affiliates.code,
    })
    .from(leads)
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, leads.merchantId), eq(affiliates.id, leads.affiliateId)),
    )
    .where(
      and(
        eq(leads.merchantId, params.merchantId),
        params.affiliateId ? eq(leads.affiliateId, params.affiliateId) : undefined,
        params.status ? eq(leads.status, params.status) : undefined,
        afterCursor(leads.createdAt, leads.id, params.cursor),
      ),
    )
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(params.limit + 1);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > params.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null;
  return { leads: page.map(({ cursorAt: _, ...lead }) => lead), nextCursor };
}
