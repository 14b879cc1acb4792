import { z } from "zod";
import type { Database } from "@/db";
import {
  findMailMessage,
  insertMailMessage,
  markMailFailed,
  markMailSent,
  recordMailAttempt,
} from "@/db/queries/mail";
import type { MailMessage } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import type { MailContent } from "./template";
import { deliver } from "./transport";

/**
 * Sending mail (SPEC §12): enqueueMail writes the message and its delivery job on the caller's
 * transaction, so mail exists exactly when the change that caused it does; call wakeJobRunner()
 * after commit. Delivery is at least once: a message is marked sent after the server accepted it,
 * so a process that dies in between sends it again on retry, under the same Message-ID.
 */
export const MAIL_SEND = "mail.send";

/** With the runner's backoff (1 s doubling, capped at 5 min) this keeps trying for about an hour. */
const MAIL_MAX_ATTEMPTS = 20;

export interface MailRequest {
  /** The program the message is about (its Sent mail page lists it); null for account-only mail. */
  merchantId: string | null;
  to: string;
  /** The template's name, e.g. `payout_sent`. */
  kind: string;
  content: MailContent;
  /** Asked for twice, sent once: e.g. `payout_sent:{payoutId}:{affiliateId}`. */
  dedupeKey?: string;
  /** The body holds a secret link (reset, invitation): sealed at rest, emptied once sent over SMTP. */
  secret?: boolean;
  unsubscribeUrl?: string;
}

/** Queues a message; returns null when its dedupe key was already used (nothing is queued). */
export async function enqueueMail(db: Database, request: MailRequest): Promise<MailMessage | null> {
  const id = newId("mail");
  const seal = (body: string) => (request.secret ? encryptSecret(body) : body);
  const message = await insertMailMessage(db, {
    id,
    merchantId: request.merchantId,
    kind: request.kind,
    toAddress: request.to,
    subject: request.content.subject,
    text: seal(request.content.text),
    html: seal(request.content.html),
    sealed: request.secret ?? false,
    dedupeKey: request.dedupeKey ?? null,
    unsubscribeUrl: request.unsubscribeUrl ?? null,
    messageId: `<${id}@${new URL(env().APP_URL).hostname}>`,
  });
  if (!message) return null;
  await enqueueJob(db, {
    kind: MAIL_SEND,
    merchantId: request.merchantId,
    payload: { mailId: id },
    dedupeKey: `${MAIL_SEND}:${id}`,
    maxAttempts: MAIL_MAX_ATTEMPTS,
  });
  return message;
}

/** A message's bodies as written (sealed ones opened); empty once a secret one was delivered. */
export function mailBodies(message: MailMessage): { text: string; html: string } {
  if (!message.sealed || message.text === "") return { text: message.text, html: message.html };
  return { text: decryptSecret(message.text), html: decryptSecret(message.html) };
}

const payload = z.object({ mailId: z.string().min(1) });

export const mailSendJob: JobHandler = {
  async run({ db, job }) {
    const { mailId } = payload.parse(job.payload);
    const message = await findMailMessage(db, mailId);
    // Sent already (a repeated job) or gone: nothing to do, and nothing to send twice.
    if (message?.status !== "queued") return;
    let transport: Awaited<ReturnType<typeof deliver>>;
    try {
      transport = await deliver({
        to: message.toAddress,
        subject: message.subject,
        ...mailBodies(message),
        messageId: message.messageId,
        unsubscribeUrl: message.unsubscribeUrl,
      });
    } catch (error) {
      await recordMailAttempt(db, mailId, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await markMailSent(db, mailId, transport, message.sealed && transport === "smtp");
  },
  async onFailed(db, job, message) {
    const parsed = payload.safeParse(job.payload);
    if (parsed.success) await markMailFailed(db, parsed.data.mailId, message);
  },
};

registerJobHandler(MAIL_SEND, mailSendJob);
