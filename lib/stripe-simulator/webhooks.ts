/**
 * Events and their delivery. An event snapshots its object when built (later changes to the
 * object do not leak into it), and delivery signs the exact bytes it sends with the SDK's own
 * test-header helper, so `stripe.webhooks.constructEvent` on the receiving side verifies them.
 */
import Stripe from "stripe";
import { API_VERSION } from "./objects";
import type { StripeEvent } from "./objects-payments";
import type { SimAccount, SimContext } from "./state";

export interface EventOptions {
  previous?: Record<string, unknown>;
  created?: number;
  request?: { id: string | null; idempotency_key: string | null };
}

export function buildEvent(
  sim: SimContext,
  account: SimAccount,
  type: string,
  object: object,
  opts: EventOptions = {},
): StripeEvent {
  const event: StripeEvent = {
    id: sim.newId("evt"),
    object: "event",
    // Connect events name the connected account; the platform's own events do not.
    ...(account.connected ? { account: account.id } : {}),
    api_version: API_VERSION,
    created: opts.created ?? sim.now(),
    data: {
      object: structuredClone(object) as Record<string, unknown>,
      ...(opts.previous ? { previous_attributes: structuredClone(opts.previous) } : {}),
    },
    livemode: account.livemode,
    pending_webhooks: 1,
    request: opts.request ?? { id: null, idempotency_key: null },
    type,
  };
  account.events.set(event.id, event);
  sim.state.events.push(event);
  return event;
}

export interface DeliverOptions {
  url?: string;
  secret?: string;
  /** Signature timestamp in seconds (default now); an old one tests the receiver's tolerance. */
  timestamp?: number;
}

export interface DeliveryResult {
  status: number;
  body: string;
}

export async function deliverEvent(
  sim: SimContext,
  event: object,
  opts: DeliverOptions = {},
): Promise<DeliveryResult> {
  const url = opts.url ?? sim.config.webhookUrl;
  if (!url) throw new Error("Stripe simulator: no webhookUrl configured and none given to deliver()");
  const payload = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? sim.config.webhookSecret,
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
  });
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Stripe-Signature": signature,
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    },
    body: payload,
  });
  const body = await response.text();
  const record = event as Partial<StripeEvent>;
  sim.state.deliveries.push({
    eventId: String(record.id ?? ""),
    type: String(record.type ?? ""),
    url,
    status: response.status,
    at: Date.now(),
  });
  return { status: response.status, body };
}
