import type { Database } from "@/db";
import { programManagers } from "@/db/queries/notices";
import type { Affiliate, Merchant } from "@/db/schema";
import { appLink, portalSignInLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import {
  applicationApprovedMail,
  applicationReceivedMail,
} from "@/lib/mail/templates/affiliate-applications";
import { affiliateInvitationMail } from "@/lib/mail/templates/affiliate-invitation";

/**
 * The affiliate program's mail (SPEC §12), each queued on the caller's transaction: the message
 * exists exactly when the invitation, the application or the approval does. Callers wake the
 * job runner after commit.
 */

type Program = Pick<Merchant, "id" | "name" | "slug">;
type Person = Pick<Affiliate, "id" | "email" | "firstName" | "lastName">;

/** The single-use link that sets the invitee's password; sealed at rest, as it works as a password. */
export async function mailInvitation(
  tx: Database,
  program: Program,
  affiliate: Person,
  invitation: { link: string; expiresAt: Date },
) {
  await enqueueMail(tx, {
    merchantId: program.id,
    to: affiliate.email,
    kind: "affiliate_invitation",
    content: affiliateInvitationMail({
      program: program.name,
      firstName: affiliate.firstName,
      link: invitation.link,
      expiresAt: invitation.expiresAt,
    }),
    secret: true,
  });
}

/** Tells each owner and admin that someone applied and waits for approval (once per member). */
export async function mailApplicationReceived(tx: Database, program: Program, applicant: Person) {
  const content = applicationReceivedMail({
    program: program.name,
    applicant,
    reviewLink: appLink(`/dashboard/affiliates/${applicant.id}`),
  });
  for (const manager of await programManagers(tx, program.id)) {
    await enqueueMail(tx, {
      merchantId: program.id,
      to: manager.email,
      kind: "application_received",
      content,
      dedupeKey: `application_received:${applicant.id}:${manager.userId}`,
    });
  }
}

/** Tells an affiliate who applied that they are in, with the portal's sign-in link (once ever). */
export async function mailApplicationApproved(tx: Database, program: Program, affiliate: Person) {
  await enqueueMail(tx, {
    merchantId: program.id,
    to: affiliate.email,
    kind: "application_approved",
    content: applicationApprovedMail({
      program: program.name,
      firstName: affiliate.firstName,
      signInLink: portalSignInLink(program.slug),
    }),
    dedupeKey: `application_approved:${affiliate.id}`,
  });
}
