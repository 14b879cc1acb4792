import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { merchantContext } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { completeConnect, connectDeps } from "@/lib/stripe/connect";
import { roleRefusal } from "@/lib/team/roles";

const APP_PAGE = "/dashboard/apps/stripe";

/** Stripe sends the merchant back here after "Connect my Stripe account" (or Deny). */
export async function GET(req: NextRequest) {
  // APP_URL, not req.url: behind the custom server req.url names the bind address (0.0.0.0).
  const app = (path: string) => new URL(path, env().APP_URL);
  const back = (query: string) => NextResponse.redirect(app(`${APP_PAGE}?${query}`), 303);
  let who: Awaited<ReturnType<typeof merchantContext>>;
  try {
    who = await merchantContext();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Signed out in between: sign in and come back; the state still binds the flow to the user.
    if (error.status === 401) {
      const login = app("/login");
      login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
      return NextResponse.redirect(login, 303);
    }
    return NextResponse.redirect(app("/forbidden?area=dashboard"), 303);
  }
  // Completing the flow connects an account: a change, refused to a viewer (say one demoted
  // since they started it) before the code is exchanged.
  const refusal = roleRefusal(who.role, "admin");
  if (refusal) return Response.json({ error: { code: "forbidden", message: refusal } }, { status: 403 });
  let deps: ReturnType<typeof connectDeps>;
  try {
    deps = connectDeps();
  } catch (error) {
    if (error instanceof AppError) return back("error=not_configured");
    throw error;
  }
  const query = Object.fromEntries(req.nextUrl.searchParams);
  const result = await completeConnect(await getDb(), who, query, deps);
  return back(result.ok ? "connected=1" : `error=${result.error}`);
}
