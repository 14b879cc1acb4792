import { getDb } from "@/db";
import { completePasswordReset } from "@/lib/account/password-reset";
import { jsonBody } from "@/lib/api/route";
import { publicRoute } from "@/lib/http/public-route";

/** The reset link's form: `{ audience, token, password }` sets the new password once. */
export const POST = publicRoute(async (req, ip) =>
  completePasswordReset(await getDb(), await jsonBody(req), { ip }),
);
