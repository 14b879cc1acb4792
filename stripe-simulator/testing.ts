/**
 * Shared by the simulator's tests: the real SDK pointed at the simulator, and a tiny webhook
 * receiver that verifies signatures with `stripe.webhooks.constructEvent` like the app will.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import {
  DEFAULT_SECRET_KEY,
  type SimulatorOptions,
  type StripeSimulator,
  startStripeSimulator,
} from "./index";

export const WEBHOOK_SECRET = "whsec_test_simulator_secret";

export function sdk(sim: StripeSimulator, opts: { key?: string; retries?: number } = {}): Stripe {
  return new Stripe(opts.key ?? DEFAULT_SECRET_KEY, {
    host: "127.0.0.1",
    port: sim.port,
    protocol: "http",
    maxNetworkRetries: opts.retries ?? 0,
  });
}

export async function start(opts: SimulatorOptions = {}): Promise<{ sim: StripeSimulator; stripe: Stripe }> {
  const sim = await startStripeSimulator({ webhookSecret: WEBHOOK_SECRET, ...opts });
  return { sim, stripe: sdk(sim) };
}

/** Connects an account without a browser, the way most tests need one. */
export function connected(
  sim: StripeSimulator,
  livemode = false,
): { account: string; stripeAccount: string } {
  const { account } = sim.events.connectAccount({ livemode, businessName: "Test Merchant" });
  return { account: account.id, stripeAccount: account.id };
}

export interface Receiver {
  url: string;
  /** Events whose signature verified, in arrival order. */
  events: Stripe.Event[];
  rejected: number;
  close(): Promise<void>;
}

export async function startReceiver(secret = WEBHOOK_SECRET): Promise<Receiver> {
  const verifier = new Stripe(DEFAULT_SECRET_KEY);
  const receiver: Receiver = { url: "", events: [], rejected: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const raw = Buffer.concat(chunks).toString("utf8");
        const event = verifier.webhooks.constructEvent(raw, String(req.headers["stripe-signature"]), secret);
        receiver.events.push(event);
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}');
      } catch (error) {
        receiver.rejected += 1;
        res.writeHead(400).end(error instanceof Error ? error.message : "invalid");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** The rejection of a promise, for asserting on Stripe errors. */
export async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the request to fail");
}
