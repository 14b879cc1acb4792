import { getDb } from "@/db";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { purchaseDetailJson } from "@/lib/api/serializers";
import { notFound } from "@/lib/errors";
import { purchaseExplanation } from "@/lib/sales/purchase-explanation";

type Params = { id: string };

// Another merchant's purchase, or an id that could be no one's, is "not found": a key never
// learns what exists elsewhere.
const NOT_FOUND = "No such purchase";
const ID = /^[A-Za-z0-9_-]{1,100}$/;

export const GET = apiRoute<Params>(async ({ merchantId, params }) => {
  if (!ID.test(params.id)) throw notFound(NOT_FOUND);
  const found = await purchaseExplanation(await getDb(), merchantId, params.id);
  if (!found) throw notFound(NOT_FOUND);
  const { detail, explanation } = found;
  return Response.json(purchaseDetailJson(detail.purchase, explanation, detail.eventsTruncated));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
