/**
 * Every domain's admin commands, for scripts/cli.ts. lib/cli knows only the Command shape and
 * flag parsing; each domain keeps its commands in its own cli.ts and they meet here.
 */
import { affiliateCommands } from "@/lib/affiliates/cli";
import { parseFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { couponCommands } from "@/lib/coupons/cli";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { merchantCommands } from "@/lib/merchants/cli";
import { stripeCommands } from "@/lib/stripe/cli";
import { appJobDeps } from "./jobs";

const jobCommands: Record<string, Command> = {
  "jobs:run": {
    usage: "jobs:run [--timeout SECONDS]   (works through queued background jobs, then exits)",
    async run(db, argv) {
      const flags = parseFlags(argv);
      const timeoutMs = Number(flags.timeout ?? 600) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new Error("--timeout must be a number of seconds");
      return runJobsUntilIdle(db, appJobDeps(), { timeoutMs });
    },
  },
};

export const commands: Record<string, Command> = {
  ...merchantCommands,
  ...affiliateCommands,
  ...stripeCommands,
  ...couponCommands,
  ...jobCommands,
};
