/**
 * Events and their delivery. An event snapshots its object when built (later changes to the
 * object do not leak into it), and delivery signs the exact bytes it sends with the SDK's own
 * test-header helper, so `stripe.webhooks.constructEvent` on the receiving side verifies them.
 */
import Stripe from "stripe";
import { API_VERSION } from "../store/objects";
import type { StripeEvent } from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";

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
  const { status, body } = await post(url, event, opts.secret ?? sim.config.webhookSecret, opts.timestamp);
  const record = event as Partial<StripeEvent>;
  sim.state.deliveries.push({
    eventId: String(record.id ?? ""),
    type: String(record.type ?? ""),
    url,
    status,
    at: Date.now(),
  });
  return { status, body };
}

/** One signed POST; an endpoint that cannot be reached answers status 0. */
async function post(url: string, event: object, secret: string, timestamp?: number): Promise<DeliveryResult> {
  const payload = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: timestamp ?? Math.floor(Date.now() / 1000),
  });
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": signature,
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
      body: payload,
    });
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error) };
  }
  return { status: response.status, body: await response.text() };
}

export interface EndpointDelivery extends DeliveryResult {
  endpoint: string;
}

/**
 * Delivers an event to each of its account's own endpoints that listens for its type, signed with
 * that endpoint's secret, as a direct event (no `account` field). A delivery that fails (not 2xx,
 * or unreachable) is retried later with exponential backoff, like Stripe, a bounded number of
 * times; the first attempt's answers are returned.
 */
export async function deliverToEndpoints(
  sim: SimContext,
  account: SimAccount,
  event: StripeEvent,
): Promise<EndpointDelivery[]> {
  const { account: _connect, ...direct } = event;
  const results: EndpointDelivery[] = [];
  for (const endpoint of account.webhookEndpoints.values()) {
    if (endpoint.status !== "enabled") continue;
    if (!endpoint.enabled_events.includes("*") && !endpoint.enabled_events.includes(event.type)) continue;
    const result = await attempt(sim, account, endpoint.id, direct, 1);
    results.push({ endpoint: endpoint.id, ...result });
  }
  return results;
}

async function attempt(
  sim: SimContext,
  account: SimAccount,
  endpointId: string,
  event: Omit<StripeEvent, "account">,
  n: number,
): Promise<DeliveryResult> {
  // Deleted meanwhile, or its secret rolled: Stripe sends to what the endpoint is now.
  const endpoint = account.webhookEndpoints.get(endpointId);
  if (!endpoint) return { status: 0, body: "endpoint deleted" };
  const result = await post(endpoint.url, event, endpoint.secret);
  sim.state.deliveries.push({
    eventId: event.id,
    type: event.type,
    url: endpoint.url,
    status: result.status,
    at: Date.now(),
    endpoint: endpoint.id,
    attempt: n,
  });
  const { retries, baseDelayMs } = sim.config.endpointRetry;
  if ((result.status < 200 || result.status >= 300) && n <= retries) {
    const retry = new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          sim.retryTimers.delete(timer);
          void attempt(sim, account, endpointId, event, n + 1).finally(() => {
            sim.pending.delete(retry);
            resolve();
          });
        },
        baseDelayMs * 2 ** (n - 1),
      ).unref();
      sim.retryTimers.add(timer);
    });
    sim.pending.add(retry);
  }
  return result;
}
