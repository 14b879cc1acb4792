import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import { findMembership } from "@/db/queries/merchants";
import { findUserSessionState } from "@/db/queries/users";
import { AppError, forbidden, unauthorized } from "@/lib/errors";
import { type MemberRole, type RequiredRole, roleRefusal } from "@/lib/team/roles";
import { authOptions } from "./options";
import { assertSessionCurrent } from "./session-version";

export interface MerchantContext {
  userId: string;
  merchantId: string;
  role: MemberRole;
  email: string;
  name: string;
  /** Until the user follows the emailed link, Stripe cannot be connected (SPEC §12). */
  emailVerified: boolean;
}
export interface AffiliateContext {
  affiliateId: string;
  merchantId: string;
  email: string;
  name: string;
}

export const currentSession = cache(async () => {
  // Sessions are per request: never evaluated while prerendering at build time.
  await connection();
  return getServerSession(authOptions());
});

const NOT_A_MEMBER = "not_a_member";

/**
 * A signed-in merchant user, whether or not the session's merchant still counts them as a
 * member: for choosing a program and accepting invitations, never for a merchant's data.
 */
export const merchantUser = cache(async () => {
  const session = await currentSession();
  if (!session?.user) throw unauthorized();
  if (session.user.role !== "merchant") throw forbidden("This area is for merchants");
  const { id: userId, email, name, merchantId, sessionVersion } = session.user;
  const user = await findUserSessionState(await getDb(), userId);
  assertSessionCurrent(sessionVersion, user?.sessionVersion);
  return { userId, email, name, merchantId, emailVerified: Boolean(user?.emailVerifiedAt) };
});

/**
 * The real authorisation check (proxy.ts only redirects early): the session must be a
 * merchant's and current (a password reset ends older ones), and the membership must still exist
 * in the database. The role comes from there too, never from the session, so a demotion applies
 * at the member's next request.
 */
export const merchantContext = cache(async (): Promise<MerchantContext> => {
  const { userId, email, name, merchantId, emailVerified } = await merchantUser();
  const membership = merchantId ? await findMembership(await getDb(), userId, merchantId) : null;
  if (!membership) throw new AppError(403, NOT_A_MEMBER, "You are no longer a member of this merchant");
  return { userId, merchantId, role: membership.role, email, name, emailVerified };
});

export const affiliateContext = cache(async (): Promise<AffiliateContext> => {
  const session = await currentSession();
  if (!session?.user) throw unauthorized();
  if (session.user.role !== "affiliate") throw forbidden("This area is for affiliates");
  const affiliate = await findAffiliateForSession(await getDb(), session.user.merchantId, session.user.id);
  if (affiliate) assertSessionCurrent(session.user.sessionVersion, affiliate.sessionVersion);
  if (!affiliate || affiliate.status === "inactive") throw forbidden("This affiliate account is not active");
  return {
    affiliateId: affiliate.id,
    merchantId: affiliate.merchantId,
    email: affiliate.email,
    name: session.user.name,
  };
});

/**
 * For pages and layouts: sends the visitor to sign in, or to the refusal page; a member removed
 * from the session's merchant goes to the program chooser (they may belong to others).
 */
export async function requireMerchant(): Promise<MerchantContext> {
  try {
    return await merchantContext();
  } catch (error) {
    if (error instanceof AppError && error.code === NOT_A_MEMBER) redirect("/programs?removed=1");
    redirectFor(error, "/login", "dashboard");
  }
}

/** For the program chooser: a signed-in merchant user, member of the session's merchant or not. */
export async function requireMerchantUser() {
  try {
    return await merchantUser();
  } catch (error) {
    redirectFor(error, "/login", "dashboard");
  }
}

/** For pages only some roles may open (the API keys for owners, the audit log for admins too). */
export async function requireMerchantRole(needed: RequiredRole): Promise<MerchantContext> {
  const ctx = await requireMerchant();
  if (roleRefusal(ctx.role, needed)) redirect(`/forbidden?area=${needed}`);
  return ctx;
}

export async function requireAffiliate(): Promise<AffiliateContext> {
  try {
    return await affiliateContext();
  } catch (error) {
    redirectFor(error, "/portal", "portal");
  }
}

/**
 * For the portal's own page, which is its sign-in page too: the signed-in affiliate, or null when
 * signed out or when the session ended (a password reset), so the sign-in form shows instead of
 * a redirect back to the same page.
 */
export async function portalAffiliate(): Promise<AffiliateContext | null> {
  if ((await currentSession())?.user.role !== "affiliate") return null;
  try {
    return await affiliateContext();
  } catch (error) {
    if (error instanceof AppError && error.status === 401) return null;
    redirectFor(error, "/portal", "portal");
  }
}

function redirectFor(error: unknown, signIn: string, area: string): never {
  if (error instanceof AppError && error.status === 401) redirect(signIn);
  if (error instanceof AppError && error.status === 403) redirect(`/forbidden?area=${area}`);
  throw error;
}
