import { COUPON_BULK_SYNC, COUPON_SYNC, couponBulkSyncJob, couponSyncJob } from "@/lib/coupons/jobs";
import { cardRecheckJob, FRAUD_CARD_RECHECK } from "@/lib/fraud/card-recheck";
import { MAIL_SEND, mailSendJob } from "@/lib/mail/outbox";
import { reconcileJob, STRIPE_RECONCILE } from "@/lib/stripe/reconcile-job";
import type { JobHandler } from "./types";

/** Job kind → handler. A kind without a line here is never claimed by this process. */
export const jobHandlers: Record<string, JobHandler> = {
  [COUPON_SYNC]: couponSyncJob,
  [COUPON_BULK_SYNC]: couponBulkSyncJob,
  [STRIPE_RECONCILE]: reconcileJob,
  [MAIL_SEND]: mailSendJob,
  [FRAUD_CARD_RECHECK]: cardRecheckJob,
};
