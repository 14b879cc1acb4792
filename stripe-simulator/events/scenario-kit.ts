/** What every scenario helper shares: its options, its result, and delivering its events. */
import type { StripeEvent } from "../store/objects-payments";
import type { SimContext } from "../store/state";
import { deliverEvent, deliverToEndpoints } from "./webhooks";

export interface ScenarioOptions {
  /** The connected account (`acct_...`) the scenario happens in. */
  account: string;
  /** false: build and return the events without sending them (deliver them yourself, in any order). */
  deliver?: boolean;
}

export interface Delivery {
  eventId: string;
  type: string;
  status: number;
  body: string;
  /** Set for a delivery to an account's own endpoint. */
  endpoint?: string;
}

export interface ScenarioResult {
  /** The events in the order Stripe would typically send them (order is not guaranteed by Stripe). */
  events: StripeEvent[];
  /** One per delivered event, in order; empty with `deliver: false`. */
  deliveries: Delivery[];
}

/**
 * Delivers one at a time, like a single Stripe endpoint would, and reports every answer: a
 * connected account's events go to the platform's Connect endpoint, and every account's events
 * to the endpoints it registered itself (`/v1/webhook_endpoints`).
 */
export async function finish(
  sim: SimContext,
  events: StripeEvent[],
  deliver: boolean | undefined,
): Promise<ScenarioResult> {
  const deliveries: Delivery[] = [];
  if (deliver === false) return { events, deliveries };
  for (const event of events) {
    const account = event.account ? sim.state.accounts.get(event.account) : undefined;
    if (event.account) {
      const { status, body } = await deliverEvent(sim, event);
      deliveries.push({ eventId: event.id, type: event.type, status, body });
    }
    const own = account ?? ownerOf(sim, event);
    if (!own) continue;
    for (const { status, body, endpoint } of await deliverToEndpoints(sim, own, event)) {
      deliveries.push({ eventId: event.id, type: event.type, status, body, endpoint });
    }
  }
  return { events, deliveries };
}

/** A direct event names no account: the account that holds it. */
function ownerOf(sim: SimContext, event: StripeEvent) {
  for (const account of sim.state.accounts.values()) if (account.events.has(event.id)) return account;
  return undefined;
}
