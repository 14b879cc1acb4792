import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { type MailMessage, mailMessages } from "../schema";

/** The outbox's SQL (lib/mail/ holds the rules around it). */

export type NewMailMessage = typeof mailMessages.$inferInsert;

/** Inserts a message; one whose dedupe key is already taken is not inserted (returns null). */
export async function insertMailMessage(db: Database, row: NewMailMessage): Promise<MailMessage | null> {
  const [inserted] = await db.insert(mailMessages).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function findMailMessage(db: Database, id: string): Promise<MailMessage | null> {
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.id, id));
  return row ?? null;
}

export async function markMailSent(
  db: Database,
  id: string,
  transport: "smtp" | "local",
  redact: boolean,
  now = new Date(),
) {
  await db
    .update(mailMessages)
    .set({
      status: "sent",
      transport,
      sentAt: now,
      attempts: sql`${mailMessages.attempts} + 1`,
      lastError: null,
      ...(redact ? { text: "", html: "" } : {}),
    })
    .where(eq(mailMessages.id, id));
}

export async function recordMailAttempt(db: Database, id: string, error: string) {
  await db
    .update(mailMessages)
    .set({ attempts: sql`${mailMessages.attempts} + 1`, lastError: error.slice(0, 500) })
    .where(and(eq(mailMessages.id, id), eq(mailMessages.status, "queued")));
}

export async function markMailFailed(db: Database, id: string, error: string) {
  await db
    .update(mailMessages)
    .set({ status: "failed", lastError: error.slice(0, 500) })
    .where(and(eq(mailMessages.id, id), eq(mailMessages.status, "queued")));
}

/** Newest first, keyset by insertion order; `merchantId` null lists every program's (local mailbox). */
export async function listMailMessages(
  db: Database,
  options: { merchantId: string | null; before?: number; limit: number },
): Promise<MailMessage[]> {
  return db
    .select()
    .from(mailMessages)
    .where(
      and(
        options.merchantId === null ? undefined : eq(mailMessages.merchantId, options.merchantId),
        options.before ? lt(mailMessages.seq, options.before) : undefined,
      ),
    )
    .orderBy(desc(mailMessages.seq))
    .limit(options.limit);
}
