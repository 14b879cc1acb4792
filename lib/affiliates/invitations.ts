import type { Database } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import {
  consumeInvitation,
  findAffiliateByEmail,
  findOpenInvitation,
  replaceInvitation,
  updateAffiliate,
} from "@/db/queries/affiliate-program";
import { insertAffiliate } from "@/db/queries/affiliates";
import { getMerchant } from "@/db/queries/merchants";
import type { Affiliate, Merchant } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { sha256Hex } from "@/lib/crypto";
import { env } from "@/lib/env";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { randomToken } from "@/lib/ids";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { firstIssue } from "@/lib/merchants/validation";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { suggestReferralCode } from "./codes";
import { mailInvitation } from "./mail";
import { acceptInviteSchema, inviteSchema } from "./program-validation";

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;

/** `/join/<program>?invite=<token>`: the link mailed to the invitee (the merchant may copy it too). */
export function invitationLink(baseUrl: string, programSlug: string, token: string): string {
  const url = new URL(`/join/${encodeURIComponent(programSlug)}`, baseUrl);
  url.searchParams.set("invite", token);
  return url.toString();
}

/**
 * A single-use link for an affiliate: only the token's hash is stored, and any earlier unused
 * link for the same affiliate stops working.
 */
export async function issueInvitation(
  db: Database,
  p: { merchantId: string; affiliateId: string; userId: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date((p.now ?? new Date()).getTime() + INVITATION_DAYS * 86_400_000);
  await replaceInvitation(db, {
    tokenHash: sha256Hex(token),
    merchantId: p.merchantId,
    affiliateId: p.affiliateId,
    expiresAt,
    createdByUserId: p.userId,
  });
  return { token, expiresAt };
}

/**
 * Invites someone by email: adds them as a pending affiliate (or finds the one the merchant
 * already added), issues a link and mails it to them, in one transaction. Someone who already
 * has a portal password needs no invite.
 */
export async function inviteAffiliate(db: Database, merchantId: string, userId: string, input: unknown) {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const result = await db.transaction(async (tx) => {
    const program = await getMerchant(tx, merchantId);
    if (!program) throw notFound("No such merchant");
    const affiliate = await pendingAffiliate(tx, merchantId, parsed.data);
    return { affiliate, ...(await sendInvitation(tx, program, affiliate, userId)) };
  });
  // A visit with this code may have been cached as "no such affiliate".
  forgetAffiliateCode(merchantId, result.affiliate.code);
  wakeJobRunner();
  return result;
}

/** A fresh link, mailed, for an affiliate the merchant added who has no portal password yet. */
export async function reinviteAffiliate(
  db: Database,
  merchantId: string,
  userId: string,
  affiliateId: string,
) {
  const result = await db.transaction(async (tx) => {
    const program = await getMerchant(tx, merchantId);
    const affiliate = await findAffiliateForSession(tx, merchantId, affiliateId);
    if (!program || !affiliate) throw notFound("No such affiliate");
    if (affiliate.passwordHash)
      throw conflict("This affiliate already has a portal account", "already_joined");
    if (affiliate.status === "inactive")
      throw conflict("Reactivate this affiliate before inviting them", "inactive");
    return sendInvitation(tx, program, affiliate, userId);
  });
  wakeJobRunner();
  return result;
}

async function sendInvitation(tx: Database, program: Merchant, affiliate: Affiliate, userId: string | null) {
  const invitation = await issueInvitation(tx, { merchantId: program.id, affiliateId: affiliate.id, userId });
  const link = invitationLink(env().APP_URL, program.slug, invitation.token);
  await mailInvitation(tx, program, affiliate, { link, expiresAt: invitation.expiresAt });
  return { ...invitation, link };
}

type Invitee = { email: string; firstName: string; lastName: string };

async function pendingAffiliate(tx: Database, merchantId: string, invitee: Invitee): Promise<Affiliate> {
  const joined = () =>
    conflict("This affiliate already has a portal account: they can sign in at /portal", "already_joined");
  let affiliate: Affiliate | null = await findAffiliateByEmail(tx, merchantId, invitee.email);
  if (affiliate?.passwordHash) throw joined();
  // Their link would not open: mailing it would only confuse them.
  if (affiliate?.status === "inactive")
    throw conflict("Reactivate this affiliate before inviting them", "inactive");
  for (let attempt = 0; !affiliate; attempt++) {
    const code = suggestReferralCode({ firstName: invitee.firstName, email: invitee.email });
    try {
      // A savepoint: a taken code or email undoes this insert, not the whole invitation.
      affiliate = await tx.transaction((sp) =>
        insertAffiliate(sp, { merchantId, ...invitee, code, status: "pending" }),
      );
    } catch (error) {
      // Another request added this email just now (its insert committed first): invite that affiliate.
      if (isUniqueViolation(error, "affiliates_email_key")) {
        affiliate = await findAffiliateByEmail(tx, merchantId, invitee.email);
        if (affiliate?.passwordHash) throw joined();
      } else if (!isUniqueViolation(error, "affiliates_code_key") || attempt >= 4) throw error;
    }
  }
  return affiliate;
}

/** What the join page shows for a link: the invited affiliate, or null when the link is not usable. */
export async function openInvitation(db: Database, merchantId: string, token: string) {
  if (!/^[0-9A-Za-z]{32}$/.test(token)) return null;
  const found = await findOpenInvitation(db, merchantId, sha256Hex(token), new Date());
  return found && found.affiliate.status !== "inactive" ? found.affiliate : null;
}

/**
 * The invited affiliate sets their name and password: the link is used up and the affiliate
 * is active (the merchant invited them, which is their approval).
 */
export async function acceptInvitation(db: Database, merchantId: string, input: unknown) {
  const parsed = acceptInviteSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { token, firstName, lastName, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const used = await consumeInvitation(tx, merchantId, sha256Hex(token), new Date());
    if (!used) throw notFound("This invitation link has expired or was already used. Ask for a new one.");
    // A merchant who deactivated the affiliate after inviting them has withdrawn the invitation.
    const invited = await findAffiliateForSession(tx, merchantId, used.affiliateId);
    if (!invited || invited.status === "inactive") {
      throw notFound("This invitation link has expired or was already used. Ask for a new one.");
    }
    const affiliate = await updateAffiliate(tx, merchantId, used.affiliateId, {
      firstName,
      lastName,
      passwordHash,
      status: "active",
    });
    if (!affiliate)
      throw notFound("This invitation link has expired or was already used. Ask for a new one.");
    forgetAffiliateCode(merchantId, affiliate.code);
    return affiliate;
  });
}
