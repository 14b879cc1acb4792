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
import type { Affiliate } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { sha256Hex } from "@/lib/crypto";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { randomToken } from "@/lib/ids";
import { firstIssue } from "@/lib/merchants/validation";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { suggestReferralCode } from "./codes";
import { acceptInviteSchema, inviteSchema } from "./program-validation";

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;

/** `/join/<program>?invite=<token>`: the link the merchant copies and sends. */
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
 * already added) and issues a link. Someone who already has a portal password needs no invite.
 */
export async function inviteAffiliate(db: Database, merchantId: string, userId: string, input: unknown) {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { email, firstName, lastName } = parsed.data;
  let affiliate: Affiliate | null = await findAffiliateByEmail(db, merchantId, email);
  if (affiliate?.passwordHash) {
    throw conflict(
      "This affiliate already has a portal account: they can sign in at /portal",
      "already_joined",
    );
  }
  for (let attempt = 0; !affiliate; attempt++) {
    const code = suggestReferralCode({ firstName, email });
    try {
      affiliate = await insertAffiliate(db, {
        merchantId,
        email,
        firstName,
        lastName,
        code,
        status: "pending",
      });
      forgetAffiliateCode(merchantId, code);
    } catch (error) {
      // Another request added this email just now: invite that affiliate instead.
      if (isUniqueViolation(error, "affiliates_email_key"))
        affiliate = await findAffiliateByEmail(db, merchantId, email);
      else if (!isUniqueViolation(error, "affiliates_code_key") || attempt >= 4) throw error;
    }
  }
  const invitation = await issueInvitation(db, { merchantId, affiliateId: affiliate.id, userId });
  return { affiliate, ...invitation };
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
