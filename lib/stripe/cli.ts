import { latestConnectionForMerchant } from "@/db/queries/stripe-connections";
import { parseFlags, requireFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/commands";
import { stripeClient } from "./client";
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
      const outcome = await replayStripeEvent(db, flags.event!, { stripe: () => stripeClient() });
      return { event_id: flags.event, ...outcome };
    },
  },
  "stripe:events:types": {
    usage: "stripe:events:types   (the webhook event types Leadtrail handles)",
    async run() {
      return { handled: handledEventTypes() };
    },
  },
};
