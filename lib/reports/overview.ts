import type { Database } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { type OverviewReport, overviewReport } from "@/db/queries/reports";
import type { OverviewParams } from "./params";

/** The overview's data for one merchant, as the page prefetches it and the route handler returns it. */
export async function loadOverview(
  db: Database,
  merchantId: string,
  params: OverviewParams,
): Promise<OverviewReport> {
  const merchant = await getMerchant(db, merchantId);
  return overviewReport(db, {
    merchantId,
    days: params.days,
    mode: params.mode,
    currency: params.currency,
    defaultCurrency: merchant?.commissionCurrency ?? "usd",
  });
}
