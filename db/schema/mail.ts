import { bigint, boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, lowerOf, tstz } from "./columns";

/**
 * The outbox (SPEC §12): every message Leadtrail sends, written on the transaction of the change
 * that asked for it and delivered by a durable job. With SMTP unset it is also the local mailbox.
 * Bodies of messages that carry a secret link are encrypted at rest and emptied once delivered
 * over SMTP (lib/mail/outbox.ts).
 */
export const mailMessages = pgTable(
  "mail_messages",
  {
    id: text().primaryKey(),
    /** The program the message is about; null for mail about a person's own account only. */
    merchantId: text(),
    /** The template, e.g. `payout_sent`. */
    kind: text().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** Bodies are AES-GCM sealed (they hold a sign-in or reset link). */
    sealed: boolean().notNull().default(false),
    /** One message per key, however often it is asked for: `payout_sent:{payout}:{affiliate}`. */
    dedupeKey: text().unique(),
    unsubscribeUrl: text(),
    status: text({ enum: ["queued", "sent", "failed"] })
      .notNull()
      .default("queued"),
    /** How it left: over SMTP, or caught in the local mailbox. */
    transport: text({ enum: ["smtp", "local"] }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The Message-ID header, the same on every attempt so a receiver can drop a repeat. */
    messageId: text().notNull(),
    sentAt: tstz(),
    /** Insertion order, for keyset pages newest first. */
    seq: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    createdAt: createdAt(),
  },
  (t) => [
    index("mail_messages_merchant_idx").on(t.merchantId, t.seq),
    index("mail_messages_to_idx").on(lowerOf(t.toAddress), t.seq),
  ],
);

export type MailMessage = typeof mailMessages.$inferSelect;
