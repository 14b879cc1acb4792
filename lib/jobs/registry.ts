import type { JobHandler } from "./types";

/**
 * Job kind → handler. Domains register their kinds where they define them (lib/coupons/jobs.ts,
 * lib/stripe/reconcile-job.ts), so code that can queue a job has loaded its handler; processes
 * that only run jobs load them all through lib/wiring/jobs.ts. A kind nobody registered is
 * never claimed by this process. Kept on globalThis because Next loads server actions as
 * separate module copies; the first registration of a kind wins, so the runner keeps the copy
 * loaded with it (scripts/server.ts loads lib/wiring/jobs.ts first), whose `instanceof` checks
 * match the Stripe client it is given, not a later copy bundled by Next.
 */
const shared = globalThis as { leadtrailJobHandlers?: Map<string, JobHandler> };
shared.leadtrailJobHandlers ??= new Map();
const table = shared.leadtrailJobHandlers;

export function registerJobHandler(kind: string, handler: JobHandler): void {
  if (!table.has(kind)) table.set(kind, handler);
}

export function registeredJobHandlers(): Record<string, JobHandler> {
  return Object.fromEntries(table);
}
