import { activeConnectionForMerchant, latestConnectionForMerchant } from "@/db/queries/stripe-connections";
import { parseFlags, requireFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { stripeClient, testStripeClient } from "./client";
import { sharedStripePacer } from "./pacing";
import { reconcileConnection } from "./reconcile";
import { handledEventTypes } from "./webhooks/dispatch";
import { replayStripeEvent } from "./webhooks/receive";

/** Admin commands for the Stripe app; merged into the CLI's table. */
export const stripeCommands: Record<string, Command> = {
  "stripe:connection": {
    usage: "stripe:connection --merchant MERCHANT_ID",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant"]);
      const c = await latestConnectionForMerchant(db, flags.merchant!);
      if (!c) return { merchant_id: flags.merchant, connected: false };
      return {
        merchant_id: c.merchantId,
        connected: !c.disconnectedAt,
        stripe_user_id: c.stripeUserId,
        livemode: c.livemode,
        scope: c.scope,
        connected_at: c.connectedAt.toISOString(),
        disconnected_at: c.disconnectedAt?.toISOString() ?? null,
        disconnect_reason: c.disconnectReason,
      };
    },
  },
  "stripe:events:replay": {
    usage: "stripe:events:replay --event EVENT_ID   (re-runs a stored webhook event through its handler)",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["event"]);
      const outcome = await replayStripeEvent(db, flags.event!, {
        stripe: () => stripeClient(),
        testStripe: () => testStripeClient(),
      });
      return { event_id: flags.event, ...outcome };
    },
  },
  "stripe:reconcile": {
    usage:
      "stripe:reconcile --merchant MERCHANT_ID [--since DATE]   (applies the events Stripe listed that were never received)",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant"]);
      const since = flags.since === undefined ? undefined : new Date(flags.since);
      if (since && Number.isNaN(since.getTime())) throw new Error(`--since is not a date: ${flags.since}`);
      const connection = await activeConnectionForMerchant(db, flags.merchant!);
      if (!connection) throw new Error(`Merchant ${flags.merchant} has no live Stripe connection`);
      const r = await reconcileConnection(
        db,
        connection.id,
        { stripe: () => stripeClient(), testStripe: () => testStripeClient(), pacer: sharedStripePacer() },
        { since },
      );
      return {
        merchant_id: r.merchantId,
        connection_id: r.connectionId,
        stripe_user_id: r.account,
        since: r.since.toISOString(),
        listed: r.listed,
        found: r.found,
        applied: r.applied,
        duplicates: r.duplicates,
        skipped: r.skipped,
        failed: r.failed,
        first_error: r.firstError,
        high_water_mark: r.highWater?.toISOString() ?? null,
      };
    },
  },
  "stripe:events:types": {
    usage: "stripe:events:types   (the webhook event types Leadtrail handles)",
    async run() {
      return { handled: handledEventTypes() };
    },
  },
};
