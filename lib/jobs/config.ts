import { type Env, env } from "@/lib/env";
import type { RunnerOptions } from "./runner";

/**
 * The job runner's settings (lib/env.ts validates them):
 * - LEADTRAIL_JOBS=off: this process runs no jobs (when `npm run jobs` workers do it instead);
 * - LEADTRAIL_JOB_CONCURRENCY: jobs in flight at once (default 16);
 * - LEADTRAIL_JOB_STALE_MS: how long a running job may go without its lock being renewed
 *   before another worker takes it over (default 60 s; locks are renewed every third of it).
 */
export function jobRunnerConfig(
  settings: Pick<Env, "LEADTRAIL_JOBS" | "LEADTRAIL_JOB_CONCURRENCY" | "LEADTRAIL_JOB_STALE_MS"> = env(),
): { enabled: boolean; options: RunnerOptions } {
  return {
    enabled: settings.LEADTRAIL_JOBS === "on",
    options: {
      concurrency: settings.LEADTRAIL_JOB_CONCURRENCY,
      staleAfterMs: settings.LEADTRAIL_JOB_STALE_MS,
    },
  };
}
