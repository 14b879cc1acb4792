import { getDb } from "@/db";
import { resendVerificationEmail } from "@/lib/account/verification";
import { merchantRoute } from "@/lib/auth/session-route";

/** "Resend" in the dashboard's verification banner: a new link to the signed-in user's address. */
export const POST = merchantRoute(async (ctx) => resendVerificationEmail(await getDb(), ctx.userId), {
  ownAccount: true,
});
