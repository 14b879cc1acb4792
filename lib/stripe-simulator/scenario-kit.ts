/** What every scenario helper shares: its options, its result, and delivering its events. */
import type { StripeEvent } from "./objects-payments";
import type { SimContext } from "./state";
import { deliverEvent } from "./webhooks";

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
}

export interface ScenarioResult {
  /** The events in the order Stripe would typically send them (order is not guaranteed by Stripe). */
  events: StripeEvent[];
  /** One per delivered event, in order; empty with `deliver: false`. */
  deliveries: Delivery[];
}

/** Delivers one at a time, like a single Stripe endpoint would, and reports every answer. */
export async function finish(
  sim: SimContext,
  events: StripeEvent[],
  deliver: boolean | undefined,
): Promise<ScenarioResult> {
  const deliveries: Delivery[] = [];
  if (deliver === false) return { events, deliveries };
  for (const event of events) {
    const { status, body } = await deliverEvent(sim, event);
    deliveries.push({ eventId: event.id, type: event.type, status, body });
  }
  return { events, deliveries };
}
