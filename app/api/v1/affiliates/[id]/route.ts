import { getDb } from "@/db";
import { getAffiliate } from "@/db/queries/affiliates";
import { updateAffiliate } from "@/lib/affiliates/update";
import { updateAffiliateBody } from "@/lib/api/affiliates";
import { apiRoute, jsonBody, methodNotAllowed } from "@/lib/api/route";
import { affiliateJson } from "@/lib/api/serializers";
import { notFound } from "@/lib/errors";

type Params = { id: string };

// Another merchant's affiliate is "not found" too: a key never learns what exists elsewhere.
const NOT_FOUND = "No such affiliate";

export const GET = apiRoute<Params>(async ({ merchantId, params }) => {
  const affiliate = await getAffiliate(await getDb(), merchantId, params.id);
  if (!affiliate) throw notFound(NOT_FOUND);
  return Response.json(affiliateJson(affiliate));
});

export const PATCH = apiRoute<Params>(async ({ merchantId, params, req }) => {
  const input = updateAffiliateBody.parse(await jsonBody(req));
  const affiliate = await updateAffiliate(await getDb(), merchantId, params.id, input);
  return Response.json(affiliateJson(affiliate));
});

export const POST = methodNotAllowed("GET", "PATCH");
export const PUT = methodNotAllowed("GET", "PATCH");
export const DELETE = methodNotAllowed("GET", "PATCH");
