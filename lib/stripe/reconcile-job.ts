import { z } from "zod";
import type { Database } from "@/db";
import { activeConnections, connectionById } from "@/db/queries/stripe-connections";
import type { StripeConnection } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { PermanentJobError, RetryableJobError } from "@/lib/jobs/errors";
import { enqueueJob, enqueueJobs, type NewJob } from "@/lib/jobs/queue";
import { registerJobHandler } from "@/lib/jobs/registry";
import type { JobHandler } from "@/lib/jobs/types";
import { stripeJobFailure } from "./job-deps";
import { checkKeyConnection } from "./key-health";
import { ReconcileBusyError, reconcileConnection } from "./reconcile";

/** The automatic catch-up on a connection's events (on start and on connect), as a durable job. */
export const STRIPE_RECONCILE = "stripe.reconcile";

const payload = z.object({ connectionId: z.string().min(1), reason: z.string().optional() });

function reconcileJobFor(connection: Pick<StripeConnection, "id" | "merchantId">, reason: string): NewJob {
  return {
    kind: STRIPE_RECONCILE,
    merchantId: connection.merchantId,
    payload: { connectionId: connection.id, reason },
    // One waiting-or-running pass per connection; asked again mid-run, it runs once more after.
    dedupeKey: `${STRIPE_RECONCILE}:${connection.id}`,
    maxAttempts: 8,
  };
}

/** Queues a pass for one connection, on the caller's transaction. */
export async function enqueueReconcile(
  db: Database,
  connection: Pick<StripeConnection, "id" | "merchantId">,
  reason: string,
) {
  return enqueueJob(db, reconcileJobFor(connection, reason));
}

/** Queues a pass for every live connection; returns how many. */
export async function enqueueReconcileAll(db: Database, reason: string): Promise<number> {
  const connections = await activeConnections(db);
  await enqueueJobs(
    db,
    connections.map((c) => reconcileJobFor(c, reason)),
  );
  return connections.length;
}

/**
 * Runs a pass. A pass that had failing events is retried with the queue's backoff (the
 * connection shows the count and first error meanwhile); one that finds the connection busy
 * waits for the other run's lease; an ended connection needs nothing more.
 */
export const reconcileJob: JobHandler = {
  async run({ db, job, deps }) {
    const { connectionId } = payload.parse(job.payload);
    // A key connection whose key was revoked or endpoint deleted shows so on the app page.
    const connection = await connectionById(db, connectionId);
    if (connection?.kind === "api_key" && (await checkKeyConnection(db, connection, { pacer: deps.pacer }))) {
      return;
    }
    let result: Awaited<ReturnType<typeof reconcileConnection>>;
    try {
      result = await reconcileConnection(db, connectionId, {
        stripe: deps.stripe,
        testStripe: deps.testStripe,
        pacer: deps.pacer,
      });
    } catch (error) {
      if (error instanceof ReconcileBusyError) throw new RetryableJobError(error.message, error.retryAfterMs);
      if (error instanceof AppError && error.status === 404) return;
      if (error instanceof AppError) throw new PermanentJobError(error.message);
      throw error;
    }
    if (result.failed > 0) {
      throw new RetryableJobError(`${result.failed} missed events failed; first: ${result.firstError}`);
    }
  },
  classifyError: stripeJobFailure,
};

registerJobHandler(STRIPE_RECONCILE, reconcileJob);
