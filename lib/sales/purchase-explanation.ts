import type { Database } from "@/db";
import { getPurchaseDetail } from "@/db/queries/purchase-detail";
import { explainPurchase } from "./explain";

/** A merchant's purchase and the explanation of its commission; null when it is not theirs. */
export async function purchaseExplanation(db: Database, merchantId: string, purchaseId: string) {
  const detail = await getPurchaseDetail(db, merchantId, purchaseId);
  if (!detail) return null;
  return { detail, explanation: explainPurchase(detail) };
}
