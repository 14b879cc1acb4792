import { getDb } from "@/db";
import { listPurchases } from "@/db/queries/ledger";
import { purchases } from "@/db/schema";
import { booleanFilter, enumFilter, idFilter, page, pageParams } from "@/lib/api/pagination";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { purchaseJson } from "@/lib/api/serializers";

const STATUSES = purchases.status.enumValues;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const rows = await listPurchases(await getDb(), {
    merchantId,
    limit,
    cursor,
    affiliateId: idFilter(url, "affiliate_id"),
    status: enumFilter(url, "status", STATUSES),
    livemode: booleanFilter(url, "livemode"),
  });
  return Response.json(page(rows, limit, purchaseJson));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
