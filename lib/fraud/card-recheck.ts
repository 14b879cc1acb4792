import { z } from "zod";
import type { Database } from "@/db";
import { findAffiliateByEmail } from "@/db/queries/affiliate-program";
import { findAffiliateById } from "@/db/queries/affiliates";
import { creditedPurchasesWithCard } from "@/db/queries/fraud";
import { purchaseById } from "@/db/queries/review";
import type { Purchase } from "@/db/schema";
import { holdForReview } from "@/lib/commissions/review";
import { enqueueJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import { cardReason } from "./signals";

/**
 * Self-referral by card, looking back (SPEC §13): an affiliate's own purchase can reveal their
 * card after sales they were credited with were paid with it. Those sales' unpaid commissions
 * are then held for review. The webhook only queues the look-back (when the purchase is the
 * affiliate's: a self-referral, or their email); a job does it, one sale per transaction, so the
 * event's transaction never locks another sale's rows.
 */
export const FRAUD_CARD_RECHECK = "fraud.card_recheck";

const payload = z.object({ purchaseId: z.string().min(1), affiliateId: z.string().min(1) });

export async function queueCardLookBack(db: Database, purchase: Purchase): Promise<void> {
  if (!purchase.paymentFingerprint) return;
  const affiliateId = purchase.selfReferral
    ? purchase.affiliateId
    : purchase.email
      ? (await findAffiliateByEmail(db, purchase.merchantId, purchase.email.trim()))?.id
      : null;
  if (!affiliateId) return;
  await enqueueJob(db, {
    kind: FRAUD_CARD_RECHECK,
    merchantId: purchase.merchantId,
    payload: { purchaseId: purchase.id, affiliateId },
    dedupeKey: `${FRAUD_CARD_RECHECK}:${purchase.id}`,
  });
}

export const cardRecheckJob: JobHandler = {
  async run({ db, job }) {
    const { purchaseId, affiliateId } = payload.parse(job.payload);
    const merchantId = job.merchantId!;
    const own = await purchaseById(db, merchantId, purchaseId);
    const affiliate = await findAffiliateById(db, merchantId, affiliateId);
    if (!own?.paymentFingerprint || !affiliate) return;
    const credited = await creditedPurchasesWithCard(
      db,
      merchantId,
      affiliateId,
      own.paymentFingerprint,
      own.id,
    );
    for (const sale of credited) {
      await db.transaction(async (tx) => {
        const reason = await cardReason(tx, merchantId, sale, affiliate);
        if (reason) await holdForReview(tx, sale, reason);
      });
    }
  },
};

registerJobHandler(FRAUD_CARD_RECHECK, cardRecheckJob);
