import { endStripeConnection } from "../../disconnect";
import type { EventHandler } from "../types";

/** The merchant disconnected Leadtrail in Stripe's dashboard: end the connection here too. */
export const accountApplicationDeauthorized: EventHandler<"account.application.deauthorized"> = async (
  ctx,
) => {
  const ended = await endStripeConnection(ctx.db, {
    merchantId: ctx.merchantId,
    connectionId: ctx.connection.id,
    reason: "deauthorized_in_stripe",
    actorUserId: null,
    data: { event_id: ctx.event.id },
  });
  return ended ? { note: "connection ended" } : { ignored: true, note: "connection already ended" };
};
