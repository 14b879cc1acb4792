import type { Database } from "@/db";
import { wakeJobRunner } from "@/lib/jobs/runner";
import { stripeConfigured } from "./client";
import { enqueueReconcileAll } from "./reconcile-job";

/**
 * The catch-up on start: one durable job per live connection, queued in the background so the
 * server answers at once. The queue's dedupe key keeps it to one pass per connection however
 * many servers start together, and whichever process works the queue runs it.
 */
export function reconcileOnStart(
  getDb: () => Promise<Database>,
  log: (message: string) => void = console.warn,
): Promise<number> {
  if (!stripeConfigured()) return Promise.resolve(0);
  return getDb()
    .then((db) => enqueueReconcileAll(db, "start"))
    .then((queued) => {
      wakeJobRunner();
      return queued;
    })
    .catch((error: unknown) => {
      log(`Could not queue the Stripe events catch-up: ${error instanceof Error ? error.message : error}`);
      return 0;
    });
}
