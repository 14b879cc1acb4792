import type { Database } from "@/db";
import { moveAffiliateStatus } from "@/db/queries/affiliate-program";
import { recordAudit } from "@/db/queries/audit";
import type { Affiliate } from "@/db/schema";
import { conflict } from "@/lib/errors";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";

/**
 * What a merchant may do with an affiliate's status, and from which statuses: approving a
 * pending affiliate, deactivating (their links stop crediting them and they cannot sign in),
 * and reactivating.
 */
export const STATUS_MOVES = {
  approve: { from: ["pending"], to: "active" },
  deactivate: { from: ["pending", "active"], to: "inactive" },
  reactivate: { from: ["inactive"], to: "active" },
} as const satisfies Record<string, { from: Affiliate["status"][]; to: Affiliate["status"] }>;
export type StatusMove = keyof typeof STATUS_MOVES;

export async function changeAffiliateStatus(
  db: Database,
  p: { merchantId: string; userId: string; affiliateId: string; move: StatusMove },
) {
  const { from, to } = STATUS_MOVES[p.move];
  const moved = await moveAffiliateStatus(db, p.merchantId, p.affiliateId, [...from], to);
  if (!moved)
    throw conflict("This affiliate's status has changed in the meantime: reload the page", "status_changed");
  // The tracking endpoint caches code → affiliate (active only) for a short while.
  forgetAffiliateCode(p.merchantId, moved.code);
  await recordAudit(db, {
    merchantId: p.merchantId,
    actorUserId: p.userId,
    action: `affiliate.${p.move}`,
    data: { affiliateId: p.affiliateId, status: to },
  });
  return moved;
}
