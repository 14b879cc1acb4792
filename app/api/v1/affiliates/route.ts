import { getDb } from "@/db";
import { listAffiliateRecords } from "@/db/queries/affiliates";
import { affiliates } from "@/db/schema";
import { createAffiliate } from "@/lib/affiliates/create";
import { updateAffiliate } from "@/lib/affiliates/update";
import { createAffiliateBody } from "@/lib/api/affiliates";
import { enumFilter, page, pageParams } from "@/lib/api/pagination";
import { apiRoute, jsonBody, methodNotAllowed } from "@/lib/api/route";
import { affiliateJson } from "@/lib/api/serializers";

const STATUSES = affiliates.status.enumValues;

export const GET = apiRoute(async ({ merchantId, req }) => {
  const url = new URL(req.url);
  const { limit, cursor } = pageParams(url);
  const rows = await listAffiliateRecords(await getDb(), {
    merchantId,
    limit,
    cursor,
    status: enumFilter(url, "status", STATUSES),
    email: url.searchParams.get("email") ?? undefined,
  });
  return Response.json(page(rows, limit, affiliateJson));
});

export const POST = apiRoute(async ({ merchantId, req }) => {
  const body = createAffiliateBody.parse(await jsonBody(req));
  const db = await getDb();
  // One transaction: a coupon code that is taken must not leave a half-created affiliate.
  const affiliate = await db.transaction(async (tx) => {
    const created = await createAffiliate(tx, merchantId, body.create);
    if (!Object.keys(body.update).length) return created;
    return updateAffiliate(tx, merchantId, created.id, body.update);
  });
  return Response.json(affiliateJson(affiliate), {
    status: 201,
    headers: { location: `/api/v1/affiliates/${affiliate.id}` },
  });
});

export const PUT = methodNotAllowed("GET", "POST");
export const PATCH = methodNotAllowed("GET", "POST");
export const DELETE = methodNotAllowed("GET", "POST");
