import type { Database } from "@/db";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderMail } from "@/lib/mail/template";

/**
 * The messages about a person's own account (SPEC §12). Each carries a secret link, so the
 * outbox seals it at rest; none is listed on a program's Sent mail page (merchantId null), as
 * nobody but the account's owner may read its link.
 */

const hi = (name: string | undefined) => (name?.trim() ? `Hi ${name.trim()},` : "Hi,");

export async function queuePasswordResetMail(
  db: Database,
  m: { to: string; name?: string; link: string; audience: "merchant" | "affiliate"; programName?: string },
) {
  const where =
    m.audience === "affiliate"
      ? `your affiliate portal account for ${m.programName ?? "this program"}`
      : "your Leadtrail dashboard account";
  await enqueueMail(db, {
    merchantId: null,
    to: m.to,
    kind: "password_reset",
    secret: true,
    content: renderMail({
      program: m.audience === "affiliate" ? (m.programName ?? "Leadtrail") : "Leadtrail",
      subject: "Reset your password",
      greeting: hi(m.name),
      paragraphs: [
        `Someone asked to reset the password of ${where} (${m.to}).`,
        "If it was you, choose a new password with the link below. If not, ignore this email: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: m.link },
      note: "The link works once, for one hour. Asking again sends a new link and the old one stops working.",
    }),
  });
}

export async function queueVerificationMail(db: Database, m: { to: string; name?: string; link: string }) {
  await enqueueMail(db, {
    merchantId: null,
    to: m.to,
    kind: "email_verification",
    secret: true,
    content: renderMail({
      program: "Leadtrail",
      subject: "Verify your email address",
      greeting: hi(m.name),
      paragraphs: [
        `Please confirm that ${m.to} is your address: it is where Leadtrail sends password resets and notices about your program.`,
        "Until you do, your dashboard works as usual, but Stripe cannot be connected.",
      ],
      action: { label: "Verify my email", url: m.link },
      note: "The link works once, for 24 hours. You can send a new one from the banner in your dashboard.",
    }),
  });
}
