import { z } from "zod";
import { DEFAULT_STALE_AFTER_MS, type RunnerOptions } from "./runner";

/**
 * The job runner's settings from the environment:
 * - LEADTRAIL_JOBS=off: this process runs no jobs (when `npm run jobs` workers do it instead);
 * - LEADTRAIL_JOB_CONCURRENCY: jobs in flight at once (default 16);
 * - LEADTRAIL_JOB_STALE_MS: how long a running job may go without its lock being renewed
 *   before another worker takes it over (default 60 s; locks are renewed every third of it).
 */
const schema = z.object({
  LEADTRAIL_JOBS: z.enum(["on", "off"]).default("on"),
  LEADTRAIL_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  LEADTRAIL_JOB_STALE_MS: z.coerce.number().int().min(100).default(DEFAULT_STALE_AFTER_MS),
});

export function jobRunnerConfig(source: NodeJS.ProcessEnv = process.env): {
  enabled: boolean;
  options: RunnerOptions;
} {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== "")),
  );
  if (!parsed.success) {
    throw new Error(
      `Invalid job runner configuration: ${parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    );
  }
  const c = parsed.data;
  return {
    enabled: c.LEADTRAIL_JOBS === "on",
    options: { concurrency: c.LEADTRAIL_JOB_CONCURRENCY, staleAfterMs: c.LEADTRAIL_JOB_STALE_MS },
  };
}
