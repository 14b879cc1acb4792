import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import { findMembership } from "@/db/queries/merchants";
import { findUserSessionState } from "@/db/queries/users";
import { AppError, forbidden, unauthorized } from "@/lib/errors";
import { authOptions } from "./options";
import { assertSessionCurrent } from "./session-version";

export interface MerchantContext {
  userId: string;
  merchantId: string;
  role: "owner" | "staff";
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

/**
 * The real authorisation check (proxy.ts only redirects early): the session must be a
 * merchant's, and the membership must still exist in the database.
 */
export const merchantContext = cache(async (): Promise<MerchantContext> => {
  const session = await currentSession();
  if (!session?.user) throw unauthorized();
  if (session.user.role !== "merchant") throw forbidden("This area is for merchants");
  const db = await getDb();
  const [membership, user] = await Promise.all([
    findMembership(db, session.user.id, session.user.merchantId),
    findUserSessionState(db, session.user.id),
  ]);
  assertSessionCurrent(session.user.sessionVersion, user?.sessionVersion);
  if (!membership) throw forbidden("You are no longer a member of this merchant");
  const { id: userId, merchantId, email, name } = session.user;
  return {
    userId,
    merchantId,
    role: membership.role,
    email,
    name,
    emailVerified: Boolean(user?.emailVerifiedAt),
  };
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

/** For pages and layouts: sends the visitor to sign in, or to the refusal page. */
export async function requireMerchant(): Promise<MerchantContext> {
  try {
    return await merchantContext();
  } catch (error) {
    redirectFor(error, "/login", "dashboard");
  }
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
