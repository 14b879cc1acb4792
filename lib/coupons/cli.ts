import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { parseFlags, requireFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { requestAffiliateCouponSync, startBulkRun } from "@/lib/coupons/settings";
import { couponSyncProgress } from "./progress";

/** Admin commands for coupon sync; merged into the CLI's table (lib/wiring/commands.ts). */
export const couponCommands: Record<string, Command> = {
  "coupons:resync": {
    usage:
      "coupons:resync --merchant MERCHANT_ID [--affiliate AFFILIATE_ID]   (queues a re-sync; a running server does it)",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant"]);
      if (flags.affiliate) {
        await requestAffiliateCouponSync(db, flags.merchant!, flags.affiliate);
        return { merchant_id: flags.merchant, affiliate_id: flags.affiliate, queued: true };
      }
      if (!(await activeConnectionForMerchant(db, flags.merchant!))) {
        throw new Error("Connect Stripe before syncing coupon codes");
      }
      const runId = await db.transaction((tx) => startBulkRun(tx, flags.merchant!, null));
      return { merchant_id: flags.merchant, run_id: runId, queued: true };
    },
  },
  "coupons:status": {
    usage: "coupons:status --merchant MERCHANT_ID   (progress of the latest bulk re-sync)",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant"]);
      return { merchant_id: flags.merchant, run: await couponSyncProgress(db, flags.merchant!) };
    },
  },
};
