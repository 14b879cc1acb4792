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
      !TIMESTAMP.test(at) ||
      !/^[\w-]{1,64}$/.test(id)
    ) {
      return null;
    }
    return { at, id };
  } catch {
    return null;
  }
}

export const DEFAULT_PAGE_SIZE = 25;
