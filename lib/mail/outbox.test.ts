import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { findMailMessage, listMailMessages } from "@/db/queries/mail";
import { createTestDatabase } from "@/db/testing";
import { resetEnvCache } from "@/lib/env";
import { JobRunner, runJobsUntilIdle } from "@/lib/jobs/runner";
import { unpaced } from "@/lib/stripe/pacing";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";
import { enqueueMail, mailBodies } from "./outbox";
import { renderMail } from "./template";
import { startTestSmtp, type TestSmtp } from "./testing";

let handle: DbHandle;
let smtp: TestSmtp;
const saved = { ...process.env };
const deps = { stripe: () => new Stripe("sk_test_unused"), pacer: unpaced };
const fast = { backoff: { baseMs: 20, maxMs: 200 }, pollMs: 20 };

const content = (to: string, link = "http://localhost:3000/welcome?token=secret-token-123") =>
  renderMail({
    program: "Acme <Partners>",
    subject: `Hello ${to}`,
    greeting: "Hi Ada,",
    paragraphs: ["Your payout of $12.34 was sent."],
    action: { label: "Open the portal", url: link },
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startTestSmtp({ reject: (to) => (to.startsWith("nobody@") ? 550 : null) });
  process.env.ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
  process.env.MAIL_FROM = "Leadtrail <mail@leadtrail.test>";
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await smtp?.stop();
  await handle?.close();
});
beforeEach(() => {
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
});

describe("the outbox", () => {
  it("delivers a message over SMTP with both bodies, escaped HTML and one Message-ID", async () => {
    const message = await enqueueMail(handle.db, {
      merchantId: "mer_1",
      to: "ada@example.com",
      kind: "test",
      content: content("ada@example.com"),
    });
    await runJobsUntilIdle(handle.db, deps, fast);
    const mail = await smtp.waitFor((m) => m.subject === "Hello ada@example.com");
    expect(mail.from?.text).toContain("mail@leadtrail.test");
    expect(mail.text).toContain("Your payout of $12.34 was sent.");
    expect(mail.text).toContain("Open the portal: http://localhost:3000/welcome?token=secret-token-123");
    expect(mail.html).toContain("Acme &lt;Partners&gt;");
    expect(mail.html).not.toContain("<Partners>");
    expect(mail.messageId).toBe(message!.messageId);
    const row = await findMailMessage(handle.db, message!.id);
    expect(row).toMatchObject({ status: "sent", transport: "smtp", attempts: 1, lastError: null });
  });

  it("sends a message asked for twice once", async () => {
    const request = {
      merchantId: "mer_1",
      to: "twice@example.com",
      kind: "test",
      content: content("twice@example.com"),
      dedupeKey: "test:twice",
    };
    const first = await enqueueMail(handle.db, request);
    const second = await enqueueMail(handle.db, request);
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await runJobsUntilIdle(handle.db, deps, fast);
    await smtp.waitFor((m) => m.subject === "Hello twice@example.com");
    expect(smtp.received.filter((m) => m.subject === "Hello twice@example.com")).toHaveLength(1);
  });

  it("keeps a secret link sealed at rest and empties it once delivered", async () => {
    const message = await enqueueMail(handle.db, {
      merchantId: "mer_1",
      to: "secret@example.com",
      kind: "password_reset",
      content: content("secret@example.com"),
      secret: true,
    });
    const stored = await findMailMessage(handle.db, message!.id);
    expect(stored!.text).not.toContain("secret-token-123");
    expect(mailBodies(stored!).text).toContain("secret-token-123");
    await runJobsUntilIdle(handle.db, deps, fast);
    const mail = await smtp.waitFor((m) => m.subject === "Hello secret@example.com");
    expect(mail.text).toContain("secret-token-123");
    const sent = await findMailMessage(handle.db, message!.id);
    expect(sent).toMatchObject({ status: "sent", text: "", html: "" });
  });

  it("retries while the SMTP server is down and delivers once when it comes back", async () => {
    await smtp.stop();
    const message = await enqueueMail(handle.db, {
      merchantId: "mer_1",
      to: "later@example.com",
      kind: "test",
      content: content("later@example.com"),
    });
    const runner = new JobRunner(async () => handle.db, deps, fast).start();
    try {
      await expect
        .poll(async () => (await findMailMessage(handle.db, message!.id))!.attempts)
        .toBeGreaterThan(1);
      const waiting = await findMailMessage(handle.db, message!.id);
      expect(waiting!.status).toBe("queued");
      expect(waiting!.lastError).toMatch(/SMTP: .*ECONNREFUSED|connect/i);
      await smtp.start();
      await smtp.waitFor((m) => m.subject === "Hello later@example.com", 15_000);
      await expect.poll(async () => (await findMailMessage(handle.db, message!.id))!.status).toBe("sent");
    } finally {
      await runner.stop();
    }
    expect(smtp.received.filter((m) => m.subject === "Hello later@example.com")).toHaveLength(1);
  });

  it("gives up on a recipient the server refuses for good, saying why", async () => {
    const message = await enqueueMail(handle.db, {
      merchantId: "mer_1",
      to: "nobody@example.com",
      kind: "test",
      content: content("nobody@example.com"),
    });
    await runJobsUntilIdle(handle.db, deps, fast);
    const row = await findMailMessage(handle.db, message!.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.lastError).toContain("550");
  });

  it("catches mail in the local mailbox when no SMTP server is set", async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    const before = smtp.received.length;
    const message = await enqueueMail(handle.db, {
      merchantId: "mer_local",
      to: "local@example.com",
      kind: "password_reset",
      content: content("local@example.com"),
      secret: true,
    });
    await runJobsUntilIdle(handle.db, deps, fast);
    const [row] = await listMailMessages(handle.db, { merchantId: "mer_local", limit: 10 });
    expect(row).toMatchObject({ id: message!.id, status: "sent", transport: "local" });
    expect(mailBodies(row!).text).toContain("secret-token-123");
    expect(smtp.received.length).toBe(before);
  });
});
