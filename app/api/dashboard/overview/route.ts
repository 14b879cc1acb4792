import { getDb } from "@/db";
import { merchantRoute } from "@/lib/auth/session-route";
import { loadOverview } from "@/lib/reports/overview";
import { parseOverviewParams } from "@/lib/reports/params";

/** The overview's charts and top affiliates for the signed-in merchant (?days=7|30|90&mode=live|test&currency=). */
export const GET = merchantRoute(async (ctx, req) =>
  loadOverview(await getDb(), ctx.merchantId, parseOverviewParams(new URL(req.url).searchParams)),
);
