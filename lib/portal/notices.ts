import type { Database } from "@/db";
import { noticeSettings, setCommissionNotices } from "@/db/queries/notices";
import type { AffiliateContext } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";

/** The signed-in affiliate's mail settings: the optional new-commission notice (SPEC §12). */
export async function portalNoticeSetting(db: Database, ctx: AffiliateContext): Promise<boolean> {
  const settings = await noticeSettings(db, ctx.merchantId, ctx.affiliateId);
  if (!settings) throw notFound("No such affiliate");
  return settings.commissionNotices;
}

export async function setPortalNoticeSetting(db: Database, ctx: AffiliateContext, on: boolean) {
  const row = await setCommissionNotices(db, ctx.merchantId, ctx.affiliateId, on);
  if (!row) throw notFound("No such affiliate");
  return row.commissionNotices;
}
