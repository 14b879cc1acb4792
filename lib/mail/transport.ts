import nodemailer, { type Transporter } from "nodemailer";
import { env, isLoopbackAppUrl } from "@/lib/env";
import { PermanentJobError, RetryableJobError } from "@/lib/jobs/errors";

/**
 * Where mail goes: SMTP when SMTP_URL is set, else the local mailbox (the message is already in
 * the outbox; delivering it only marks it sent). Errors are sorted for the job runner: an SMTP
 * 5xx reply about the message or the recipient is final, anything else (refused connection,
 * timeout, 4xx, bad credentials the operator can fix) is retried.
 */
export type MailTransport = "smtp" | "local";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  unsubscribeUrl?: string | null;
}

export function mailTransport(): MailTransport {
  return env().SMTP_URL ? "smtp" : "local";
}

/** Mail is caught and Leadtrail runs on this machine only: the signed-out mailbox page may show it. */
export function publicLocalMailbox(): boolean {
  return mailTransport() === "local" && isLoopbackAppUrl(env().APP_URL);
}

export function mailFrom(): string {
  return env().MAIL_FROM ?? `Leadtrail <no-reply@${new URL(env().APP_URL).hostname}>`;
}

let cached: { url: string; transporter: Transporter } | null = null;

function smtp(url: string): Transporter {
  if (cached?.url !== url) {
    cached = {
      url,
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return cached.transporter;
}

export async function deliver(mail: OutgoingMail): Promise<MailTransport> {
  const url = env().SMTP_URL;
  if (!url) return "local";
  try {
    await smtp(url).sendMail({
      from: mailFrom(),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.unsubscribeUrl
        ? {
            list: { unsubscribe: { url: mail.unsubscribeUrl, comment: "Stop these emails" } },
            headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
          }
        : {}),
    });
    return "smtp";
  } catch (error) {
    throw classifySmtpError(error);
  }
}

/** Authentication (530, 534, 535) is the operator's to fix: keep trying while they do. */
const OPERATOR_CODES = new Set([530, 534, 535]);

export function classifySmtpError(error: unknown): Error {
  const code = (error as { responseCode?: number }).responseCode;
  const message = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
  if (typeof code === "number" && code >= 500 && !OPERATOR_CODES.has(code)) {
    return new PermanentJobError(message);
  }
  return new RetryableJobError(message);
}
