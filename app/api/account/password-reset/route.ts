import { getDb } from "@/db";
import { requestPasswordReset } from "@/lib/account/password-reset";
import { jsonBody } from "@/lib/api/route";
import { publicRoute } from "@/lib/http/public-route";

/** "Forgot password?": `{ audience: merchant|affiliate, email, program? }`, always the same answer. */
export const POST = publicRoute(async (req, ip) =>
  requestPasswordReset(await getDb(), await jsonBody(req), { ip }),
);
