import { z } from "zod";
import { type CursorKey, cursorParam, DEFAULT_PAGE_SIZE, encodeCursor } from "@/lib/cursor";
import { badRequest } from "@/lib/errors";

const query = z.object({
  limit: z.coerce
    .number()
    .int("limit must be an integer")
    .min(1, "limit must be at least 1")
    .max(100, "limit must be at most 100")
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().optional(),
});

/** `?limit=&cursor=` → validated page request; a cursor we did not issue is a 400. */
export function pageParams(url: URL): { limit: number; cursor: CursorKey | null } {
  const parsed = query.parse(Object.fromEntries(url.searchParams));
  return { limit: parsed.limit, cursor: cursorParam(parsed.cursor) };
}

/** Queries fetch limit + 1 rows; the extra row only tells whether there is a next page. */
export function page<T extends { cursorAt: string; id: string }, O>(
  rows: T[],
  limit: number,
  serialize: (row: T) => O,
) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return {
    data: data.map(serialize),
    next_cursor: rows.length > limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}

export function enumFilter<T extends string>(url: URL, name: string, values: readonly T[]): T | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (!(values as readonly string[]).includes(value))
    throw badRequest(`${name} must be one of ${values.join(", ")}`);
  return value as T;
}

/** `?livemode=true|false`: Stripe live or test mode; absent means both. */
export function booleanFilter(url: URL, name: string): boolean | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw badRequest(`${name} must be true or false`);
}

/** An id filter such as `?affiliate_id=`; ids of other merchants simply match nothing. */
export function idFilter(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (!/^[\w-]{1,64}$/.test(value)) throw badRequest(`${name} is not a valid id`);
  return value;
}
