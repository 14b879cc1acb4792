import type { Database } from "@/db";
import { moveAffiliateStatus } from "@/db/queries/affiliate-program";
import { recordAudit } from "@/db/queries/audit";
import { getMerchant } from "@/db/queries/merchants";
import type { Affiliate } from "@/db/schema";
import { conflict } from "@/lib/errors";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { forgetAffiliateCode } from "@/lib/tracking/lookups";
import { mailApplicationApproved } from "./mail";

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

/** The move that takes an affiliate from one status to another, or null when none does. */
export function moveBetween(from: Affiliate["status"], to: Affiliate["status"]): StatusMove | null {
  for (const [move, rule] of Object.entries(STATUS_MOVES) as [
    StatusMove,
    (typeof STATUS_MOVES)[StatusMove],
  ][]) {
    if (rule.to === to && (rule.from as readonly string[]).includes(from)) return move;
  }
  return null;
}

/**
 * A requested status (REST API) applied as the dashboard's move would be: the same rules, the
 * same audit entry (with no user: the actor is the API key). Asking for the current status
 * changes nothing; a status no move reaches (back to pending) is a 409.
 */
export async function setAffiliateStatus(
  db: Database,
  p: { merchantId: string; affiliateId: string; status: Affiliate["status"]; current: Affiliate },
) {
  const move = requiredMove(p.current.status, p.status);
  if (!move) return p.current;
  const moved = await changeAffiliateStatus(db, { ...p, userId: null, move, via: "api" });
  return { ...p.current, status: moved.status };
}

/** null when nothing is to change; a 409 when the rules allow no move between the two. */
export function requiredMove(from: Affiliate["status"], to: Affiliate["status"]): StatusMove | null {
  if (from === to) return null;
  const move = moveBetween(from, to);
  if (!move) {
    throw conflict(
      `An affiliate cannot go from ${from} to ${to}: approve a pending affiliate, ` +
        "deactivate a pending or active one, or reactivate an inactive one",
      "status_not_allowed",
    );
  }
  return move;
}

/**
 * Applies a move, with its audit entry and, for an approval, the mail that tells the affiliate,
 * in one transaction. An affiliate who never set a password (the merchant added or invited
 * them) is not mailed: the invitation is their way in.
 */
export async function changeAffiliateStatus(
  db: Database,
  p: { merchantId: string; userId: string | null; affiliateId: string; move: StatusMove; via?: "api" },
) {
  const { from, to } = STATUS_MOVES[p.move];
  const moved = await db.transaction(async (tx) => {
    const row = await moveAffiliateStatus(tx, p.merchantId, p.affiliateId, [...from], to);
    if (!row)
      throw conflict(
        "This affiliate's status has changed in the meantime: reload the page",
        "status_changed",
      );
    await recordAudit(tx, {
      merchantId: p.merchantId,
      actorUserId: p.userId,
      action: `affiliate.${p.move}`,
      data: { affiliateId: p.affiliateId, status: to, ...(p.via ? { via: p.via } : {}) },
    });
    if (p.move === "approve" && row.hasPassword) {
      const program = await getMerchant(tx, p.merchantId);
      if (program) await mailApplicationApproved(tx, program, row);
    }
    return row;
  });
  // The tracking endpoint caches code → affiliate (active only) for a short while.
  forgetAffiliateCode(p.merchantId, moved.code);
  wakeJobRunner();
  return moved;
}
