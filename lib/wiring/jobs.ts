/**
 * Every domain's background jobs, for the processes that run them (scripts/server.ts,
 * scripts/jobs.ts, the CLI). Each domain registers its job kinds into lib/jobs where it defines
 * them; importing the modules here is what makes a worker that queues nothing know them all.
 */
import "@/lib/commissions/notices";
import "@/lib/coupons/jobs";
import "@/lib/fraud/card-recheck";
import "@/lib/mail/outbox";
import "@/lib/payouts/notices";
import "@/lib/stripe/reconcile-job";

export { stripeJobDeps as appJobDeps } from "@/lib/stripe/job-deps";
