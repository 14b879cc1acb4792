/**
 * The tracking API's queries: the merchant behind a key, visitors, visits (one multi-row
 * statement per batch), leads and script purchases. Over 300 lines because visits and leads
 * share the attribution lookups and the visitor upsert they are written with.
 */
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

/** One visit of a batch: the merchant and its attribution settings are the batch's. */
export interface VisitRow {
  visitorId: string;
  affiliateId: string | null;
  url: string;
  referrer: string | null;
  now: Date;
  ipHash: string | null;
  uaHash: string | null;
}

/** What every visit of one batch shares. */
export interface VisitTarget {
  merchantId: string;
  model: AttributionModel;
  windowDays: number;
}

/**
 * Whether the incoming visit (excluded) takes the credit from the stored visitor (v): the rule
 * of lib/attribution/model.ts `nextVisitorCredit`, written in SQL; the parity test in
 * lib/tracking holds the two together. $2 is the model, $3 the window in days; a visit's own
 * time is its last_seen_at.
 */
const TAKES_NEW_CREDIT = `(excluded.affiliate_id is not null and (
        $2::text = 'last_touch'
        or v.affiliate_id is null
        or v.affiliate_at is null
        or v.affiliate_id = excluded.affiliate_id
        or v.affiliate_at < excluded.last_seen_at - make_interval(days => $3::int)))`;

const VISIT_COLUMNS = 7;

/**
 * Stores visits of one merchant and keeps each visitor's credit, in one statement: one round
 * trip and one firing of the rollup triggers for the whole batch. $1 merchant, $2 model, $3
 * window days, then per visit: visitor, affiliate or null, time, url, referrer, hashed client
 * address and user agent. A visitor may appear only once per statement (PostgreSQL refuses to
 * update one row twice); the batcher (lib/tracking/visit-batch.ts) keeps repeats apart. Visitors
 * are written in id order, so concurrent batches from several processes lock them in the same
 * order.
 */
function insertVisitsStatement(rows: number) {
  const values: string[] = [];
  for (let i = 0; i < rows; i++) {
    const p = 4 + i * VISIT_COLUMNS;
    values.push(
      `($${p}::text, $${p + 1}::text, $${p + 2}::timestamptz, $${p + 3}::text, $${p + 4}::text, $${p + 5}::text, $${p + 6}::text)`,
    );
  }
  return `
  with input (visitor_id, affiliate_id, at, url, referrer, ip_hash, ua_hash) as (
    values ${values.join(",\n      ")}
  ), visitor as (
    insert into visitors as v (merchant_id, id, affiliate_id, affiliate_at, first_seen_at, last_seen_at)
    select $1::text, visitor_id, affiliate_id, case when affiliate_id is null then null else at end, at, at
    from input order by visitor_id
    on conflict (merchant_id, id) do update set
      last_seen_at = excluded.last_seen_at,
      affiliate_id = case when ${TAKES_NEW_CREDIT} then excluded.affiliate_id else v.affiliate_id end,
      affiliate_at = case when ${TAKES_NEW_CREDIT} then excluded.affiliate_at else v.affiliate_at end
  )
  insert into visits (merchant_id, visitor_id, affiliate_id, url, referrer, ip_hash, ua_hash, created_at)
  select $1::text, visitor_id, affiliate_id, url, referrer, ip_hash, ua_hash, at from input`;
}

/** Statement texts by row count: each is built once and prepared once per connection. */
const statements: string[] = [];

export async function insertVisits(db: Database, target: VisitTarget, rows: readonly VisitRow[]) {
  if (rows.length === 0) return;
  statements[rows.length] ??= insertVisitsStatement(rows.length);
  const params: unknown[] = [target.merchantId, target.model, target.windowDays];
  for (const row of rows) {
    params.push(
      row.visitorId,
      row.affiliateId,
      row.now.toISOString(),
      row.url,
      row.referrer,
      row.ipHash,
      row.uaHash,
    );
  }
  await executePrepared(db, statements[rows.length]!, params);
}

/** One visit on its own (the tracking API batches them: lib/tracking/visit-batch.ts). */
export async function insertVisit(db: Database, visit: NewVisit) {
  await insertVisits(db, visit, [
    {
      visitorId: visit.visitorId,
      affiliateId: visit.affiliateId,
      url: visit.url,
      referrer: visit.referrer,
      now: visit.now ?? new Date(),
      ipHash: visit.ipHash ?? null,
      uaHash: visit.uaHash ?? null,
    },
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
