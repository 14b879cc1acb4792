import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { CursorKey } from "@/lib/cursor";

/** The created_at of a row as exact UTC text, to put in a cursor (see lib/cursor.ts). */
export const cursorAt = (createdAt: AnyColumn): SQL<string> =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows after the cursor in newest-first order. */
export const afterCursor = (createdAt: AnyColumn, id: AnyColumn, key: CursorKey | null): SQL | undefined =>
  key ? sql`(${createdAt}, ${id}) < (${key.at}::timestamptz, ${key.id})` : undefined;
