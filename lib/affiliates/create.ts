import type { Database } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import { badRequest, conflict, isUniqueViolation } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { newAffiliateSchema } from "./validation";

/**
 * Adds an affiliate to a merchant's program (dashboard and CLI). The unique indexes decide
 * duplicates, so two requests for one code at once cannot both succeed.
 */
export async function createAffiliate(db: Database, merchantId: string, input: unknown) {
  const parsed = newAffiliateSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { code } = parsed.data;
  try {
    const affiliate = await insertAffiliate(db, { merchantId, ...parsed.data });
    // A visit with this code may have been cached as "no such affiliate".
    forgetAffiliateCode(merchantId, code);
    return affiliate;
  } catch (error) {
    if (isUniqueViolation(error, "affiliates_code_key")) {
      throw conflict(`The referral code "${code}" is already in use (codes ignore case)`, "code_taken");
    }
    if (isUniqueViolation(error, "affiliates_email_key")) {
      throw conflict("An affiliate with this email already exists", "email_taken");
    }
    throw error;
  }
}

/** `{site}?afmc=code`: the link an affiliate shares. */
export function referralLink(baseUrl: string, param: string, code: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set(param, code);
  return url.toString();
}
