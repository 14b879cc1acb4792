import type { Database } from "@/db";
import {
  affiliateEarnings,
  listAffiliateCommissions,
  listAffiliatePayouts,
} from "@/db/queries/affiliate-ledger";
import { getMerchant } from "@/db/queries/merchants";
import { affiliateSeries } from "@/db/queries/reports";
import type { AffiliateContext } from "@/lib/auth/session";
import { type CursorKey, DEFAULT_PAGE_SIZE } from "@/lib/cursor";

/**
 * What the affiliate portal shows. Every function takes the signed-in affiliate's context (from
 * the session, never from the URL) and reads only rows of that merchant and that affiliate.
 */
const scope = (ctx: AffiliateContext) => ({ merchantId: ctx.merchantId, affiliateId: ctx.affiliateId });

export function portalStats(db: Database, ctx: AffiliateContext, days: number) {
  return affiliateSeries(db, { ...scope(ctx), days });
}

export function portalCommissions(
  db: Database,
  ctx: AffiliateContext,
  cursor: CursorKey | null,
  limit = DEFAULT_PAGE_SIZE,
) {
  return listAffiliateCommissions(db, scope(ctx), { cursor, limit });
}

export function portalPayouts(
  db: Database,
  ctx: AffiliateContext,
  cursor: CursorKey | null,
  limit = DEFAULT_PAGE_SIZE,
) {
  return listAffiliatePayouts(db, scope(ctx), { cursor, limit });
}

export function portalEarnings(db: Database, ctx: AffiliateContext) {
  return affiliateEarnings(db, scope(ctx));
}

/** The program the affiliate belongs to: its name and where referral links point. */
export async function portalProgram(db: Database, ctx: AffiliateContext) {
  const merchant = await getMerchant(db, ctx.merchantId);
  if (!merchant) throw new Error("The affiliate's merchant no longer exists");
  return merchant;
}
