import { getDb } from "@/db";
import { listAffiliatePurchases } from "@/db/queries/affiliate-ledger";
import { merchantRoute } from "@/lib/auth/session-route";
import { cursorParam } from "@/lib/cursor";

/** One affiliate's purchases, newest first (?cursor=); another merchant's affiliate has none. */
export const GET = merchantRoute<{ id: string }>(async (ctx, req, { id }) =>
  listAffiliatePurchases(
    await getDb(),
    { merchantId: ctx.merchantId, affiliateId: id },
    { limit: 10, cursor: cursorParam(new URL(req.url).searchParams.get("cursor")) },
  ),
);
