import { badRequest } from "./errors";

/**
 * Keyset pagination for lists ordered newest first by (created_at, id). The cursor carries the
 * timestamp as text with microseconds, as PostgreSQL stores it: a JavaScript Date keeps only
 * milliseconds, and rows sharing a millisecond would be skipped or repeated.
 */
export interface CursorKey {
  at: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * A real instant in the cursor's format: the pattern alone lets through month 13 or
 * February 30, which PostgreSQL refuses with an error (a 500) instead of matching nothing.
 */
export function isCursorTimestamp(at: string): boolean {
  if (!TIMESTAMP.test(at)) return false;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return false;
  const year = Number(at.slice(0, 4));
  return year >= 1 && new Date(ms).toISOString().slice(0, 19) === at.slice(0, 19);
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString("base64url");
}

/** The key inside a cursor, or null for anything that is not one of ours. */
export function decodeCursor(cursor: string | null | undefined): CursorKey | null {
  if (!cursor || cursor.length > 200) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    if (
      typeof at !== "string" ||
      typeof id !== "string" ||
      !isCursorTimestamp(at) ||
      !/^[\w-]{1,64}$/.test(id)
    ) {
      return null;
    }
    return { at, id };
  } catch {
    return null;
  }
}

/** `?cursor=` of a JSON list: absent is the first page, anything we did not issue is a 400. */
export function cursorParam(value: string | null | undefined): CursorKey | null {
  if (value === null || value === undefined || value === "") return null;
  const key = decodeCursor(value);
  if (!key) throw badRequest("cursor is not valid; use the next_cursor of a previous page", "invalid_cursor");
  return key;
}

export const DEFAULT_PAGE_SIZE = 25;
