import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { auditLog, users } from "../schema";
import { cursorAt } from "./pagination";

export async function recordAudit(
  db: Database,
  entry: { merchantId: string; actorUserId: string | null; action: string; data?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({ ...entry, data: entry.data ?? {} });
}

/** A page of the cursor: the last row's created_at (as exact text) and its numeric id. */
export interface AuditCursor {
  at: string;
  id: string;
}

/**
 * The merchant's audit log, newest first, with who did it (a user who left the team keeps
 * their name here). Keyset pagination on (created_at, id); one more row than asked tells
 * whether there is a next page.
 */
export async function listAuditEntries(
  db: Database,
  p: { merchantId: string; limit: number; cursor: AuditCursor | null },
) {
  const after = p.cursor
    ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${p.cursor.at}::timestamptz, ${p.cursor.id}::bigint)`
    : undefined;
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      cursorAt: cursorAt(auditLog.createdAt),
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.merchantId, p.merchantId), after))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(p.limit + 1);
}

export type AuditEntry = Awaited<ReturnType<typeof listAuditEntries>>[number];
