import { displayName } from "@/lib/format";
import { oneLine } from "../links";
import { type MailContent, renderMail } from "../template";

/** An application to a program, told to the merchant's team and then, once approved, to the affiliate. */

interface Applicant {
  email: string;
  firstName: string;
  lastName: string;
}

/** To each owner and admin: someone applied through the program's join page and waits for approval. */
export function applicationReceivedMail(p: {
  program: string;
  applicant: Applicant;
  reviewLink: string;
}): MailContent {
  const name = oneLine(displayName(p.applicant));
  const who = name === p.applicant.email ? name : `${name} (${p.applicant.email})`;
  return renderMail({
    program: oneLine(p.program),
    subject: `New affiliate application: ${name}`,
    paragraphs: [
      `${who} applied to join your affiliate program and is waiting for your approval.`,
      "Until you approve them they can sign in to the portal but get no referral link, and their links credit nobody.",
    ],
    action: { label: "Review the application", url: p.reviewLink },
    note: "You get this email as an owner or admin of this program in Leadtrail.",
  });
}

/** To the affiliate: they may start referring; the portal holds their link. */
export function applicationApprovedMail(p: {
  program: string;
  firstName: string;
  signInLink: string;
}): MailContent {
  const program = oneLine(p.program);
  return renderMail({
    program,
    subject: `${program} approved your affiliate application`,
    greeting: p.firstName ? `Hi ${oneLine(p.firstName)},` : "Hi,",
    paragraphs: [
      `You are now an affiliate of ${program}. Sign in to the affiliate portal for your referral link, and to follow your referrals and commissions.`,
    ],
    action: { label: "Sign in to the portal", url: p.signInLink },
    note: "Sign in with this email address and the password you chose when you applied.",
  });
}
