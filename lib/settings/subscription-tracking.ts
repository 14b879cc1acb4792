import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { lockMerchant, updateMerchant } from "@/db/queries/merchants";

/**
 * "Track subscription charges by specific transactions" (SPEC §5). Subscriptions keep the
 * mode they were first seen under, so a change applies to new subscriptions from now on.
 * The merchant row is locked so the audit log records the true before/after even when two
 * changes race.
 */
export async function setSubscriptionTracking(
  db: Database,
  input: { merchantId: string; actorUserId: string; byTransaction: boolean },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const merchant = await lockMerchant(tx, input.merchantId);
    const current = merchant && { byTransaction: merchant.trackSubscriptionsByTransaction };
    if (!current || current.byTransaction === input.byTransaction) return { changed: false };
    await updateMerchant(tx, input.merchantId, { trackSubscriptionsByTransaction: input.byTransaction });
    await recordAudit(tx, {
      merchantId: input.merchantId,
      actorUserId: input.actorUserId,
      action: "settings.subscription_tracking.changed",
      data: { from: mode(current.byTransaction), to: mode(input.byTransaction) },
    });
    return { changed: true };
  });
}

const mode = (byTransaction: boolean) => (byTransaction ? "transactions" : "start_end_dates");
