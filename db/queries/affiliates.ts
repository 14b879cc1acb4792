import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type CursorKey, encodeCursor } from "@/lib/cursor";
import { newId } from "@/lib/ids";
import type { Database } from "../index";
import { reusable } from "../reusable";
import { type Affiliate, affiliates, leads, visits } from "../schema";
import { afterCursor, cursorAt } from "./pagination";

export interface NewAffiliate {
  merchantId: string;
  email: string;
  code: string;
  firstName?: string;
  lastName?: string;
  passwordHash?: string | null;
  status?: "pending" | "active" | "inactive";
}

export async function insertAffiliate(db: Database, input: NewAffiliate) {
  const [row] = await db
    .insert(affiliates)
    .values({ id: newId("aff"), ...input, email: input.email.toLowerCase() })
    .returning();
  return row!;
}

/** The active affiliate whose referral code this is, in this merchant's program only. */
export async function findActiveAffiliateIdByCode(db: Database, merchantId: string, code: string) {
  const [row] = await db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        sql`lower(${affiliates.code}) = ${code.toLowerCase()}`,
        eq(affiliates.status, "active"),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

export async function getAffiliate(db: Database, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .limit(1);
  return row ?? null;
}

/** The merchant's affiliates, newest first; `search` matches name, email or code. */
export async function listAffiliates(
  db: Database,
  params: { merchantId: string; search?: string; limit: number; cursor: CursorKey | null },
) {
  const search = params.search?.trim().toLowerCase();
  const rows = await db
    .select({
      id: affiliates.id,
      email: affiliates.email,
      firstName: affiliates.firstName,
      lastName: affiliates.lastName,
      code: affiliates.code,
      status: affiliates.status,
      couponCode: affiliates.couponCode,
      couponSyncStatus: affiliates.couponSyncStatus,
      couponSyncError: affiliates.couponSyncError,
      createdAt: affiliates.createdAt,
      cursorAt: cursorAt(affiliates.createdAt),
    })
    .from(affiliates)
    .where(
      and(
        eq(affiliates.merchantId, params.merchantId),
        // strpos, not LIKE: the search text is matched literally, % and _ included.
        search
          ? sql`strpos(lower(concat_ws(' ', ${affiliates.firstName}, ${affiliates.lastName}, ${affiliates.email}, ${affiliates.code})), ${search}) > 0`
          : undefined,
        afterCursor(affiliates.createdAt, affiliates.id, params.cursor),
      ),
    )
    .orderBy(desc(affiliates.createdAt), desc(affiliates.id))
    .limit(params.limit + 1);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > params.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null;
  return { affiliates: page.map(({ cursorAt: _, ...affiliate }) => affiliate), nextCursor };
}

export interface AffiliateActivity {
  visits: number;
  leads: number;
}

/** Visit and lead counts for some of a merchant's affiliates. */
export async function affiliateActivity(
  db: Database,
  merchantId: string,
  affiliateIds: string[],
): Promise<Map<string, AffiliateActivity>> {
  const activity = new Map<string, AffiliateActivity>(
    affiliateIds.map((id) => [id, { visits: 0, leads: 0 }]),
  );
  if (!affiliateIds.length) return activity;
  const [visitCounts, leadCounts] = await Promise.all([
    db
      .select({ affiliateId: visits.affiliateId, n: sql<number>`count(*)::int` })
      .from(visits)
      .where(and(eq(visits.merchantId, merchantId), inArray(visits.affiliateId, affiliateIds)))
      .groupBy(visits.affiliateId),
    db
      .select({ affiliateId: leads.affiliateId, n: sql<number>`count(*)::int` })
      .from(leads)
      .where(and(eq(leads.merchantId, merchantId), inArray(leads.affiliateId, affiliateIds)))
      .groupBy(leads.affiliateId),
  ]);
  for (const row of visitCounts) activity.get(row.affiliateId!)!.visits = row.n;
  for (const row of leadCounts) activity.get(row.affiliateId!)!.leads = row.n;
  return activity;
}

/** Whole affiliate records, newest first, for the REST API; fetches one row more than asked. */
export async function listAffiliateRecords(
  db: Database,
  params: {
    merchantId: string;
    limit: number;
    cursor: CursorKey | null;
    status?: Affiliate["status"];
    email?: string;
  },
) {
  const rows = await db
    .select({ affiliate: affiliates, cursorAt: cursorAt(affiliates.createdAt) })
    .from(affiliates)
    .where(
      and(
        eq(affiliates.merchantId, params.merchantId),
        params.status ? eq(affiliates.status, params.status) : undefined,
        params.email ? sql`lower(${affiliates.email}) = ${params.email.toLowerCase()}` : undefined,
        afterCursor(affiliates.createdAt, affiliates.id, params.cursor),
      ),
    )
    .orderBy(desc(affiliates.createdAt), desc(affiliates.id))
    .limit(params.limit + 1);
  return rows.map((r) => ({ ...r.affiliate, cursorAt: r.cursorAt }));
}

const $ = sql.placeholder;

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

/** Writes an affiliate's changed fields and returns the row as stored. */
export async function updateAffiliate(
  db: Database,
  merchantId: string,
  affiliateId: string,
  patch: Partial<typeof affiliates.$inferInsert>,
) {
  const [row] = await db
    .update(affiliates)
    .set(patch)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    .returning();
  return row ?? null;
}
