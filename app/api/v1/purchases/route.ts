import { getDb } from "@/db";
import { listPurchases } from "@/db/queries/ledger";
import { enumFilter, page, pageParams } from "@/lib/api/pagination";
import { apiRoute } from "@/lib/api/route";
import { purchaseJson } from "@/lib/api/serializers";

const STATUSES = ["unverified", "completed", "refunded", "partially_refunded", "disputed"] as const;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const rows = await listPurchases(await getDb(), {
    merchantId,
    limit,
    cursor,
    affiliateId: url.searchParams.get("affiliate_id") ?? undefined,
    status: enumFilter(url, "status", STATUSES),
  });
  return Response.json(page(rows, limit, purchaseJson));
});
