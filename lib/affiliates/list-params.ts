import {
  AFFILIATE_SORTS,
  AFFILIATE_STATUSES,
  type AffiliateSort,
  type AffiliateStatus,
} from "@/db/queries/affiliate-list";

export interface AffiliateListQuery {
  q: string;
  status?: AffiliateStatus;
  sort: AffiliateSort;
  mode: "live" | "test";
  cursor: string | null;
}

type Query = Record<string, string | string[] | undefined>;
const one = (query: Query, key: string) =>
  typeof query[key] === "string" ? (query[key] as string) : undefined;

/** The affiliates list's view from its URL; unknown values fall back to the defaults. */
export function parseAffiliateListQuery(query: Query): AffiliateListQuery {
  const status = one(query, "status");
  const sort = one(query, "sort");
  return {
    q: (one(query, "q") ?? "").slice(0, 200),
    status: (AFFILIATE_STATUSES as readonly string[]).includes(status ?? "")
      ? (status as AffiliateStatus)
      : undefined,
    sort: (AFFILIATE_SORTS as readonly string[]).includes(sort ?? "") ? (sort as AffiliateSort) : "newest",
    mode: one(query, "mode") === "test" ? "test" : "live",
    cursor: one(query, "cursor")?.slice(0, 800) ?? null,
  };
}

/** The list's URL with some of its view changed (and back to the first page). */
export function affiliateListHref(
  view: AffiliateListQuery,
  change: Partial<AffiliateListQuery> = {},
): string {
  const next = { ...view, cursor: null, ...change };
  const query = new URLSearchParams();
  if (next.q) query.set("q", next.q);
  if (next.status) query.set("status", next.status);
  if (next.sort !== "newest") query.set("sort", next.sort);
  if (next.mode !== "live") query.set("mode", next.mode);
  if (next.cursor) query.set("cursor", next.cursor);
  const text = query.toString();
  return text ? `/dashboard/affiliates?${text}` : "/dashboard/affiliates";
}
