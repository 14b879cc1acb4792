import { getDb } from "@/db";
import { listLeads } from "@/db/queries/tracking";
import { leads } from "@/db/schema";
import { enumFilter, idFilter, pageParams } from "@/lib/api/pagination";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { leadJson } from "@/lib/api/serializers";

const STATUSES = leads.status.enumValues;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const { leads, nextCursor } = await listLeads(await getDb(), {
    merchantId,
    limit,
    cursor,
    affiliateId: idFilter(url, "affiliate_id"),
    status: enumFilter(url, "status", STATUSES),
  });
  return Response.json({ data: leads.map(leadJson), next_cursor: nextCursor });
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
