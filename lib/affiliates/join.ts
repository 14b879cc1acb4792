import type { Database } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import type { Merchant } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { badRequest, conflict, isUniqueViolation } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { firstIssue } from "@/lib/merchants/validation";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { suggestReferralCode } from "./codes";
import { mailApplicationApproved, mailApplicationReceived } from "./mail";
import { joinSchema } from "./program-validation";

/**
 * Someone joins a merchant's program from its public page: pending until the merchant approves
 * them, or active at once when the merchant auto-approves. An email already in the program is
 * refused rather than claimed (that affiliate's earnings are not for whoever knows the email).
 * The program's owners and admins are mailed about a pending application; an approved affiliate
 * is mailed the portal's sign-in link.
 */
export async function joinProgram(
  db: Database,
  merchant: Pick<Merchant, "id" | "name" | "slug" | "autoApproveAffiliates">,
  input: unknown,
) {
  const parsed = joinSchema.safeParse(input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const { firstName, lastName, email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const status = merchant.autoApproveAffiliates ? "active" : "pending";
  for (let attempt = 0; ; attempt++) {
    const code = suggestReferralCode({ firstName, email });
    try {
      // The affiliate and the mail about them commit together.
      const affiliate = await db.transaction(async (tx) => {
        const row = await insertAffiliate(tx, {
          merchantId: merchant.id,
          email,
          firstName,
          lastName,
          code,
          passwordHash,
          status,
        });
        if (status === "pending") await mailApplicationReceived(tx, merchant, row);
        else await mailApplicationApproved(tx, merchant, row);
        return row;
      });
      forgetAffiliateCode(merchant.id, code);
      wakeJobRunner();
      return affiliate;
    } catch (error) {
      if (isUniqueViolation(error, "affiliates_email_key")) {
        throw conflict(
          "You are already in this program: sign in to the affiliate portal instead, or ask the merchant for an invitation link.",
          "email_taken",
        );
      }
      if (!isUniqueViolation(error, "affiliates_code_key") || attempt >= 4) throw error;
    }
  }
}
