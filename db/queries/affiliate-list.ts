import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { isCursorTimestamp } from "@/lib/cursor";
import type { Database } from "../index";
import type { Affiliate } from "../schema";
import { rows } from "./raw";
import { foldReports } from "./reports";

/**
 * The dashboard's affiliates list: keyset-paginated in three orders, each served by an index
 * that leads with merchant_id, so a page costs the same with ten affiliates or ten thousand.
 *   newest   affiliates (merchant_id, created_at, id) — or (merchant_id, status, …) when filtered
 *   name     affiliates (merchant_id, lower(name or email), id)
 *   earnings affiliate_totals (merchant_id, livemode, currency, commissions desc, affiliate_id desc)
 *            for those who earned, then everyone else newest first.
 */
export const AFFILIATE_SORTS = ["newest", "name", "earnings"] as const;
export type AffiliateSort = (typeof AFFILIATE_SORTS)[number];
export const AFFILIATE_STATUSES = ["pending", "active", "inactive"] as const;
export type AffiliateStatus = Affiliate["status"];

const cursorSchema = z.discriminatedUnion("k", [
  z.object({ k: z.literal("t"), at: z.string().max(40), id: z.string().max(64) }),
  z.object({ k: z.literal("n"), name: z.string().max(400), id: z.string().max(64) }),
  z.object({ k: z.literal("e"), c: z.number().int().refine(Number.isSafeInteger), id: z.string().max(64) }),
]);
type ListCursor = z.infer<typeof cursorSchema>;

function encode(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** The position inside a cursor, or null for anything that is not one of ours. */
function decode(cursor: string | null | undefined): ListCursor | null {
  if (!cursor || cursor.length > 800) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    if (parsed.data.k === "t" && !isCursorTimestamp(parsed.data.at)) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export interface AffiliateListParams {
  merchantId: string;
  sort: AffiliateSort;
  status?: AffiliateStatus;
  search?: string;
  limit: number;
  cursor: string | null;
  /** Earnings are ranked in one mode and currency. */
  livemode: boolean;
  currency: string;
}

interface ListRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  code: string;
  couponCode: string | null;
  couponSyncStatus: Affiliate["couponSyncStatus"];
  couponSyncError: string | null;
  status: AffiliateStatus;
  createdAt: Date;
  /** created_at as exact UTC text, for the cursor. */
  at: string;
}

const SELECT = sql.raw(`a.id, a.email, a.first_name as "firstName", a.last_name as "lastName", a.code,
  a.coupon_code as "couponCode", a.coupon_sync_status as "couponSyncStatus", a.coupon_sync_error as "couponSyncError", a.status, a.created_at as "createdAt",
  to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`);
const SORT_NAME = sql.raw(`lower(coalesce(nullif(btrim(a.first_name || ' ' || a.last_name), ''), a.email))`);

export async function listAffiliatePage(db: Database, params: AffiliateListParams) {
  const cursor = decode(params.cursor);
  const search = params.search?.trim().toLowerCase();
  const take = params.limit + 1;
  const filters = sql.join(
    [
      sql`a.merchant_id = ${params.merchantId}`,
      params.status ? sql`a.status = ${params.status}` : undefined,
      // strpos, not LIKE: the search text is matched literally, % and _ included.
      search
        ? sql`strpos(lower(concat_ws(' ', a.first_name, a.last_name, a.email, a.code)), ${search}) > 0`
        : undefined,
    ].filter((f): f is SQL => f !== undefined),
    sql` and `,
  );
  // Newest first; with the earnings order, "everyone who did not earn", newest first.
  const newest = async (key: { at: string; id: string } | null, limit: number) => {
    const found = await rows<ListRow>(
      db,
      sql`select ${SELECT} from affiliates a where ${filters}
        ${key ? sql`and (a.created_at, a.id) < (${key.at}::timestamptz, ${key.id}::text)` : sql``}
        ${
          params.sort === "earnings"
            ? sql`and not exists (select 1 from affiliate_totals t where t.merchant_id = a.merchant_id
                and t.affiliate_id = a.id and t.livemode = ${params.livemode}
                and t.currency = ${params.currency} and t.commissions > 0)`
            : sql``
        }
        order by a.created_at desc, a.id desc limit ${limit}`,
    );
    return found.map((r) => ({ ...r, cursor: { k: "t", at: r.at, id: r.id } as ListCursor }));
  };

  let found: (ListRow & { cursor: ListCursor })[];
  if (params.sort === "name") {
    const key = cursor?.k === "n" ? cursor : null;
    const named = await rows<ListRow & { name: string }>(
      db,
      sql`select ${SELECT}, ${SORT_NAME} as name from affiliates a where ${filters}
        ${key ? sql`and (${SORT_NAME}, a.id) > (${key.name}::text, ${key.id}::text)` : sql``}
        order by ${SORT_NAME}, a.id limit ${take}`,
    );
    found = named.map(({ name, ...r }) => ({ ...r, cursor: { k: "n", name, id: r.id } }));
  } else if (params.sort === "earnings") {
    // Ranked on folded totals; a fold first brings in the latest sales (skipped if one is running).
    await foldReports(db, params.merchantId);
    found = [];
    if (!cursor || cursor.k === "e") {
      const earners = await rows<ListRow & { earned: number }>(
        db,
        sql`select ${SELECT}, t.commissions::float8 as earned
          from affiliate_totals t join affiliates a on a.merchant_id = t.merchant_id and a.id = t.affiliate_id
          where t.merchant_id = ${params.merchantId} and t.livemode = ${params.livemode}
            and t.currency = ${params.currency} and t.commissions > 0 and ${filters}
            ${cursor?.k === "e" ? sql`and (t.commissions, t.affiliate_id) < (${cursor.c}::bigint, ${cursor.id}::text)` : sql``}
          order by t.commissions desc nulls last, t.affiliate_id desc nulls last limit ${take}`,
      );
      found = earners.map(({ earned, ...r }) => ({ ...r, cursor: { k: "e", c: earned, id: r.id } }));
    }
    if (found.length < take)
      found.push(...(await newest(cursor?.k === "t" ? cursor : null, take - found.length)));
  } else {
    found = await newest(cursor?.k === "t" ? cursor : null, take);
  }
  const page = found.slice(0, params.limit);
  const last = page.at(-1);
  return {
    affiliates: page.map(({ at: _, cursor: __, ...affiliate }) => ({
      ...affiliate,
      createdAt: new Date(affiliate.createdAt),
    })),
    nextCursor: found.length > params.limit && last ? encode(last.cursor) : null,
  };
}

/** How many affiliates wait for approval (the list's badge): reads the pending ones only. */
export async function countPendingAffiliates(db: Database, merchantId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from affiliates where merchant_id = ${merchantId} and status = 'pending'`,
  );
  return row?.n ?? 0;
}
