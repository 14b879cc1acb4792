import { getDb } from "@/db";
import { affiliateRoute } from "@/lib/auth/session-route";
import { portalStats } from "@/lib/portal/data";
import { parsePeriod } from "@/lib/reports/params";

/** The signed-in affiliate's own days (?days=7|30|90): the affiliate comes from the session only. */
export const GET = affiliateRoute(async (ctx, req) =>
  portalStats(await getDb(), ctx, parsePeriod(new URL(req.url).searchParams.get("days"))),
);
