import { formatDateTime } from "@/lib/format";
import { oneLine } from "../links";
import { type MailContent, renderMail } from "../template";

/** To someone a merchant invited: the single-use link that sets their portal password. */
export function affiliateInvitationMail(p: {
  program: string;
  firstName: string;
  link: string;
  expiresAt: Date;
}): MailContent {
  const program = oneLine(p.program);
  return renderMail({
    program,
    subject: `${program} invited you to its affiliate program`,
    greeting: p.firstName ? `Hi ${oneLine(p.firstName)},` : "Hi,",
    paragraphs: [
      `${program} invited you to join its affiliate program. Choose a password to open your affiliate portal, where your referral link, your referrals and your commissions are.`,
    ],
    action: { label: "Set your password", url: p.link },
    note: `This link works once and expires ${formatDateTime(p.expiresAt)}. If you did not expect this invitation, you can ignore this email.`,
  });
}
