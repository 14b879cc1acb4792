import { COMMISSION_NOTICE, commissionNoticeJob } from "@/lib/commissions/notices";
import { COUPON_BULK_SYNC, COUPON_SYNC, couponBulkSyncJob, couponSyncJob } from "@/lib/coupons/jobs";
import { MAIL_SEND, mailSendJob } from "@/lib/mail/outbox";
import { PAYOUT_NOTICES, payoutNoticesJob } from "@/lib/payouts/notices";
import { reconcileJob, STRIPE_RECONCILE } from "@/lib/stripe/reconcile-job";
import type { JobHandler } from "./types";

/** Job kind → handler. A kind without a line here is never claimed by this process. */
export const jobHandlers: Record<string, JobHandler> = {
  [COUPON_SYNC]: couponSyncJob,
  [COUPON_BULK_SYNC]: couponBulkSyncJob,
  [STRIPE_RECONCILE]: reconcileJob,
  [MAIL_SEND]: mailSendJob,
  [COMMISSION_NOTICE]: commissionNoticeJob,
  [PAYOUT_NOTICES]: payoutNoticesJob,
};
