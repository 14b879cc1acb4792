import type { Database } from "@/db";
import { promoteDueCommissions } from "@/db/queries/commissions";
import { accrueAllSubscriptionPeriods } from "@/lib/sales/subscriptions";

/** Time-driven work: holds that end, and billing periods that begin, with no event to announce them. */
export async function runScheduledWork(db: Database, now = new Date()) {
  const promoted = await promoteDueCommissions(db, now);
  const accrued = await accrueAllSubscriptionPeriods(db, now);
  return { promoted, accrued };
}

/**
 * Runs the scheduled work every `intervalMs` in this process. One pass at a time; a failed
 * pass is logged and the next one tries again (both steps are idempotent).
 */
export function startScheduler(getDb: () => Promise<Database>, intervalMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runScheduledWork(await getDb());
    } catch (error) {
      console.error("Scheduled work failed:", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
