import { getDb } from "@/db";
import { listCommissions } from "@/db/queries/ledger";
import { commissions } from "@/db/schema";
import { booleanFilter, enumFilter, idFilter, page, pageParams } from "@/lib/api/pagination";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { commissionJson } from "@/lib/api/serializers";

const STATUSES = commissions.status.enumValues;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const rows = await listCommissions(await getDb(), {
    merchantId,
    limit,
    cursor,
    affiliateId: idFilter(url, "affiliate_id"),
    status: enumFilter(url, "status", STATUSES),
    livemode: booleanFilter(url, "livemode"),
    payoutId: idFilter(url, "payout_id"),
  });
  return Response.json(page(rows, limit, commissionJson));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
