import type { ParsedMail } from "mailparser";
import Stripe from "stripe";
import type { Database } from "@/db";
import { COMMISSION_NOTICE } from "@/lib/commissions/notices";
import { resetEnvCache } from "@/lib/env";
import { registeredJobHandlers } from "@/lib/jobs/registry";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { PAYOUT_NOTICES } from "@/lib/payouts/notices";
import { unpaced } from "@/lib/stripe/pacing";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";
import { MAIL_SEND } from "./outbox";
import { startTestSmtp, type TestSmtp } from "./testing";

/**
 * Test support for Leadtrail's messages: a real SMTP server, the configuration that sends mail
 * to it (links are built from TEST_APP_URL), and the job queue run until every message is out.
 */
export const TEST_APP_URL = "http://app.leadtrail.test:3000";

export const JOB_DEPS = { stripe: () => new Stripe("sk_test_unused"), pacer: unpaced };
/** The jobs that write and send messages (a test's other jobs, such as Stripe reconciles, wait). */
const MAIL_KINDS = [MAIL_SEND, COMMISSION_NOTICE, PAYOUT_NOTICES];
export const MAIL_JOB_HANDLERS = Object.fromEntries(
  MAIL_KINDS.map((kind) => [kind, registeredJobHandlers()[kind]!]),
);
export const FAST_JOBS = { backoff: { baseMs: 20, maxMs: 200 }, pollMs: 20, handlers: MAIL_JOB_HANDLERS };

export interface MailBed {
  smtp: TestSmtp;
  /** Runs the mail jobs (notices, then their messages) until none is left. */
  deliver(db: Database): Promise<void>;
  /** Every message that arrived for this address. */
  mailTo(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startMailBed(): Promise<MailBed> {
  const saved = { ...process.env };
  const smtp = await startTestSmtp();
  Object.assign(process.env, {
    SMTP_URL: smtp.url,
    APP_URL: TEST_APP_URL,
    MAIL_FROM: "Leadtrail <mail@leadtrail.test>",
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NEXTAUTH_SECRET: "mail-test-secret-0123456789abcdef",
  });
  resetEnvCache();
  return {
    smtp,
    async deliver(db) {
      await runJobsUntilIdle(db, JOB_DEPS, FAST_JOBS);
    },
    mailTo: (address) => smtp.received.filter((mail) => recipients(mail).includes(address.toLowerCase())),
    async close() {
      process.env = saved;
      resetEnvCache();
      await smtp.stop();
    },
  };
}

export function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}
