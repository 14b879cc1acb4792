import { getDb } from "@/db";
import { getAffiliate } from "@/db/queries/affiliates";
import { requiredMove, setAffiliateStatus } from "@/lib/affiliates/status";
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

/** A status change goes through the dashboard's moves and audit log; checked before any write. */
export const PATCH = apiRoute<Params>(async ({ merchantId, params, req }) => {
  const { status, ...fields } = updateAffiliateBody.parse(await jsonBody(req));
  const db = await getDb();
  const current = await getAffiliate(db, merchantId, params.id);
  if (!current) throw notFound(NOT_FOUND);
  // A status no move reaches is refused before the other fields are written.
  if (status) requiredMove(current.status, status);
  let affiliate = await updateAffiliate(db, merchantId, current.id, fields);
  if (status)
    affiliate = await setAffiliateStatus(db, {
      merchantId,
      affiliateId: current.id,
      status,
      current: affiliate,
    });
  return Response.json(affiliateJson(affiliate));
});

export const POST = methodNotAllowed("GET", "PATCH");
export const PUT = methodNotAllowed("GET", "PATCH");
export const DELETE = methodNotAllowed("GET", "PATCH");
