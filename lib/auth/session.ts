import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import { findMembership } from "@/db/queries/merchants";
import { AppError, forbidden, unauthorized } from "@/lib/errors";
import { authOptions } from "./options";

export interface MerchantContext {
  userId: string;
  merchantId: string;
  role: "owner" | "staff";
  email: string;
  name: string;
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
  const membership = await findMembership(await getDb(), session.user.id, session.user.merchantId);
  if (!membership) throw forbidden("You are no longer a member of this merchant");
  const { id: userId, merchantId, email, name } = session.user;
  return { userId, merchantId, role: membership.role, email, name };
});

export const affiliateContext = cache(async (): Promise<AffiliateContext> => {
  const session = await currentSession();
  if (!session?.user) throw unauthorized();
  if (session.user.role !== "affiliate") throw forbidden("This area is for affiliates");
  const affiliate = await findAffiliateForSession(await getDb(), session.user.merchantId, session.user.id);
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

function redirectFor(error: unknown, signIn: string, area: string): never {
  if (error instanceof AppError && error.status === 401) redirect(signIn);
  if (error instanceof AppError && error.status === 403) redirect(`/forbidden?area=${area}`);
  throw error;
}
