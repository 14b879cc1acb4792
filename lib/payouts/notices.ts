import { z } from "zod";
import type { Database } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { paidPayoutLines } from "@/db/queries/notices";
import { getPayout } from "@/db/queries/payouts";
import { enqueueJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import { appLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { payoutSentMail } from "@/lib/mail/templates/payout-sent";

/**
 * "Payout sent" mail (SPEC §12). Marking a payout paid queues one job on its own transaction;
 * the job writes one message per affiliate paid. Writing the messages there instead would hold
 * the payout's and every commission's row locks (which webhooks adjusting those commissions
 * wait for) while a message per affiliate is rendered and stored. Each message has the dedupe
 * key `payout_sent:{payout}:{affiliate}`, so a job that runs twice (retried, or taken over from
 * a worker that stalled) sends nobody a second one.
 */
export const PAYOUT_NOTICES = "payout.notices";

/** Affiliates written per transaction: a large payout commits in steps, each step idempotent. */
const CHUNK = 100;

export async function queuePayoutNotices(tx: Database, merchantId: string, payoutId: string) {
  await enqueueJob(tx, {
    kind: PAYOUT_NOTICES,
    merchantId,
    payload: { payoutId },
    dedupeKey: `${PAYOUT_NOTICES}:${payoutId}`,
  });
}

const payload = z.object({ payoutId: z.string().min(1) });

export const payoutNoticesJob: JobHandler = {
  async run({ db, job }) {
    const { payoutId } = payload.parse(job.payload);
    if (!job.merchantId) return;
    const [payout, program] = await Promise.all([
      getPayout(db, job.merchantId, payoutId),
      getMerchant(db, job.merchantId),
    ]);
    if (payout?.status !== "paid" || !program) return;
    const lines = (await paidPayoutLines(db, program.id, payoutId)).filter((l) => l.amount > 0);
    const payoutsLink = appLink("/portal/payouts");
    for (let i = 0; i < lines.length; i += CHUNK) {
      await db.transaction(async (tx) => {
        for (const line of lines.slice(i, i + CHUNK)) {
          await enqueueMail(tx, {
            merchantId: program.id,
            to: line.email,
            kind: "payout_sent",
            content: payoutSentMail({
              program: program.name,
              firstName: line.firstName,
              amount: line.amount,
              earned: line.earned,
              clawedBack: line.clawedBack,
              currency: payout.currency,
              commissionCount: line.sales,
              period: { from: line.from, to: line.to },
              livemode: payout.livemode,
              payoutsLink,
            }),
            dedupeKey: `payout_sent:${payoutId}:${line.affiliateId}`,
          });
        }
      });
    }
  },
};

registerJobHandler(PAYOUT_NOTICES, payoutNoticesJob);
