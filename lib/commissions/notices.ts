import { z } from "zod";
import type { Database } from "@/db";
import { commissionNoticeFacts } from "@/db/queries/notices";
import type { Affiliate, Commission } from "@/db/schema";
import { unsubscribeLinks } from "@/lib/affiliates/unsubscribe";
import { enqueueUnkeyedJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import { appLink } from "@/lib/mail/links";
import { enqueueMail } from "@/lib/mail/outbox";
import { commissionEarnedMail } from "@/lib/mail/templates/commission-earned";

/**
 * The optional new-commission notice (SPEC §12), on by default with a one-click way out, as in
 * peer products. Commissions are made inside the Stripe webhook's transaction, so that path only
 * adds one job row, and only for an affiliate whose notices are on (the affiliate row is already
 * loaded there); the job renders and queues the message later. Its dedupe key
 * `commission_earned:{commission}` keeps a job that runs twice from mailing twice.
 */
export const COMMISSION_NOTICE = "commission.notice";

export async function queueCommissionNotice(
  db: Database,
  affiliate: Pick<Affiliate, "commissionNotices">,
  commission: Pick<Commission, "id" | "merchantId">,
) {
  if (!affiliate.commissionNotices) return;
  await enqueueUnkeyedJob(db, {
    kind: COMMISSION_NOTICE,
    merchantId: commission.merchantId,
    payload: { commissionId: commission.id },
    maxAttempts: 5,
  });
}

const payload = z.object({ commissionId: z.string().min(1) });

export const commissionNoticeJob: JobHandler = {
  async run({ db, job }) {
    const { commissionId } = payload.parse(job.payload);
    if (!job.merchantId) return;
    const facts = await commissionNoticeFacts(db, job.merchantId, commissionId);
    if (!facts) return;
    const { commission, affiliate, program } = facts;
    // Turned off meanwhile, the affiliate deactivated, or the sale refunded before we got here.
    if (!affiliate.commissionNotices || affiliate.status === "inactive") return;
    if (commission.status === "cancelled" || commission.amount <= 0) return;
    // Held as a suspected forgery: telling the affiliate would tell them they were flagged.
    if (commission.holdReason === "review") return;
    const links = unsubscribeLinks({ merchantId: job.merchantId, affiliateId: affiliate.id });
    await db.transaction((tx) =>
      enqueueMail(tx, {
        merchantId: job.merchantId,
        to: affiliate.email,
        kind: "commission_earned",
        content: commissionEarnedMail({
          program,
          firstName: affiliate.firstName,
          commission,
          commissionsLink: appLink("/portal/commissions"),
          settingsLink: appLink("/portal/settings"),
          unsubscribeLink: links.page,
        }),
        dedupeKey: `commission_earned:${commissionId}`,
        unsubscribeUrl: links.oneClick,
      }),
    );
  },
};

registerJobHandler(COMMISSION_NOTICE, commissionNoticeJob);
