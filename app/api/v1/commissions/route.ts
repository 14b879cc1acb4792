import { getDb } from "@/db";
import { listCommissions } from "@/db/queries/ledger";
import { enumFilter, page, pageParams } from "@/lib/api/pagination";
import { apiRoute } from "@/lib/api/route";
import { commissionJson } from "@/lib/api/serializers";

const STATUSES = ["pending", "due", "paid", "cancelled", "on_hold"] as const;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const rows = await listCommissions(await getDb(), {
    merchantId,
    limit,
    cursor,
    affiliateId: url.searchParams.get("affiliate_id") ?? undefined,
    status: enumFilter(url, "status", STATUSES),
  });
  return Response.json(page(rows, limit, commissionJson));
});
