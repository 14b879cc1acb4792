import { getDb } from "@/db";
import { verifyEmail } from "@/lib/account/verification";
import { env } from "@/lib/env";

/** The link in the verification mail: verifies, then says so on a page (the token leaves the URL). */
export async function GET(req: Request): Promise<Response> {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  const ok = await verifyEmail(await getDb(), token);
  const target = new URL(
    ok ? "/verify-email?status=verified" : "/verify-email?status=invalid",
    env().APP_URL,
  );
  return new Response(null, {
    status: 303,
    headers: { location: target.toString(), "cache-control": "no-store" },
  });
}
