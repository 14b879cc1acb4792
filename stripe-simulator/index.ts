/**
 * Leadtrail's in-repo Stripe simulator (SPEC §11): the parts of Stripe the app uses — Connect OAuth,
 * /v1 coupons, promotion codes, customers, Checkout, invoices, subscriptions, charges, refunds —
 * served over HTTP to the official SDK, plus a rate limiter, fault injection and helpers that
 * emit correctly signed events. Framework-free; state lives in memory.
 *
 *   const sim = await startStripeSimulator({ webhookUrl, webhookSecret });
 *   const stripe = new Stripe(DEFAULT_SECRET_KEY, { host: "127.0.0.1", port: sim.port, protocol: "http" });
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { accountRoutes } from "./accounts/api-accounts";
import { type CreateKeyInput, createApiKey, revokeApiKey } from "./accounts/api-keys";
import { authorizePage, confirmAuthorize, type PageResponse } from "./accounts/oauth-authorize";
import { creditNoteRoutes } from "./billing/api-credit-notes";
import { customerRoutes } from "./billing/api-customers";
import { invoiceRoutes } from "./billing/api-invoices";
import { subscriptionRoutes } from "./billing/api-subscriptions";
import { couponRoutes } from "./coupons/api-coupons";
import { promotionCodeRoutes } from "./coupons/api-promotion-codes";
import { webhookEndpointRoutes } from "./events/api-webhook-endpoints";
import { createScenarioHelpers, type ScenarioHelpers } from "./events/scenarios";
import { type DeliverOptions, type DeliveryResult, deliverEvent } from "./events/webhooks";
import { FaultInjector, type FaultSpec } from "./http/faults";
import { IdempotencyStore } from "./http/idempotency";
import { RateLimiter } from "./http/rate-limiter";
import { checkoutRoutes } from "./payments/api-checkout";
import { paymentRoutes } from "./payments/api-payments";
import { checkoutPage } from "./payments/checkout-page";
import { createRequestListener } from "./server";
import { createIdFactory } from "./store/ids";
import { createState, type SimConfig, type SimContext, type SimulatorState } from "./store/state";

export const DEFAULT_SECRET_KEY = "sk_test_leadtrail_simulator";
export const DEFAULT_CLIENT_ID = "ca_leadtrail_simulator";
export const DEFAULT_WEBHOOK_SECRET = "whsec_leadtrail_simulator";

export interface SimulatorOptions {
  port?: number; // 0 = ephemeral
  host?: string; // default 127.0.0.1
  secretKey?: string; // platform secret key accepted in Authorization: Bearer
  clientId?: string; // Connect client id
  webhookSecret?: string; // whsec_... used to sign delivered events
  webhookUrl?: string; // where deliver() POSTs events (the app's /api/stripe/webhook)
  rateLimit?: { perSecond: number } | null; // per account (Stripe-Account) or platform; null = unlimited
  /** Failed deliveries to an account's own endpoints: retries after the first, first wait (doubling). */
  endpointRetry?: { retries: number; baseDelayMs: number };
}

export interface StripeSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setRateLimit(perSecond: number | null): void;
  injectFaults(f: FaultSpec): void;
  clearFaults(): void;
  state: SimulatorState;
  events: ScenarioHelpers;
  deliver(event: object, opts?: DeliverOptions): Promise<DeliveryResult>;
  /** A restricted key (`rk_test_…`) of an account's own, with exactly these permissions (`rak_charge_read`, …). */
  createRestrictedKey(input: CreateKeyInput & { permissions: readonly string[] }): {
    key: string;
    account: string;
  };
  /** A secret key (`sk_test_…`) of an account's own: every permission. */
  createSecretKey(input?: CreateKeyInput): { key: string; account: string };
  /** The merchant rolls or deletes the key in Stripe: it answers 401 from then on. */
  revokeKey(key: string): void;
  /** Waits until no failed delivery is waiting to be retried. */
  idle(): Promise<void>;
}

const ROUTES = [
  ...accountRoutes,
  ...couponRoutes,
  ...promotionCodeRoutes,
  ...customerRoutes,
  ...checkoutRoutes,
  ...invoiceRoutes,
  ...subscriptionRoutes,
  ...paymentRoutes,
  ...creditNoteRoutes,
  ...webhookEndpointRoutes,
];

/** Browser pages: Connect's authorize page and hosted Checkout. Everything else is the API. */
async function pages(sim: SimContext, method: string, url: URL, body: string): Promise<PageResponse | null> {
  if (method === "GET" && url.pathname === "/oauth/authorize") return authorizePage(sim, url.searchParams);
  if (method === "POST" && url.pathname === "/oauth/authorize/confirm") {
    return confirmAuthorize(sim, new URLSearchParams(body));
  }
  const checkout = /^\/c\/pay\/([^/]+)$/.exec(url.pathname);
  if (checkout?.[1] && (method === "GET" || method === "POST")) {
    return checkoutPage(sim, method, decodeURIComponent(checkout[1]), body);
  }
  return null;
}

export async function startStripeSimulator(opts: SimulatorOptions = {}): Promise<StripeSimulator> {
  const host = opts.host ?? "127.0.0.1";
  const config: SimConfig = {
    secretKey: opts.secretKey ?? DEFAULT_SECRET_KEY,
    clientId: opts.clientId ?? DEFAULT_CLIENT_ID,
    webhookSecret: opts.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    webhookUrl: opts.webhookUrl ?? null,
    baseUrl: "",
    endpointRetry: opts.endpointRetry ?? { retries: 3, baseDelayMs: 1000 },
  };
  const newId = createIdFactory();
  const now = () => Math.floor(Date.now() / 1000);
  const sim: SimContext = {
    state: createState(newId("acct"), now()),
    config,
    newId,
    now,
    pending: new Set(),
    retryTimers: new Set(),
  };
  const limiter = new RateLimiter(opts.rateLimit?.perSecond ?? null);
  const faults = new FaultInjector();
  const server = createServer(
    createRequestListener({
      sim,
      routes: ROUTES,
      limiter,
      faults,
      idempotency: new IdempotencyStore(),
      pages: (method, url, body) => pages(sim, method, url, body),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  config.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: config.baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Retries still waiting would be sent to an app that is going away too.
        for (const timer of sim.retryTimers) clearTimeout(timer);
        sim.retryTimers.clear();
        sim.pending.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
    setRateLimit: (perSecond) => limiter.set(perSecond),
    injectFaults: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    state: sim.state,
    events: createScenarioHelpers(sim),
    deliver: (event, deliverOpts) => deliverEvent(sim, event, deliverOpts),
    createRestrictedKey: (input) => {
      const { key, account } = createApiKey(sim, "restricted", input);
      return { key, account: account.id };
    },
    createSecretKey: (input = {}) => {
      const { key, account } = createApiKey(sim, "secret", input);
      return { key, account: account.id };
    },
    revokeKey: (key) => revokeApiKey(sim, key),
    idle: async () => {
      while (sim.pending.size > 0) await Promise.all([...sim.pending]);
    },
  };
}

export type { Permission } from "./accounts/api-keys";
export { LEADTRAIL_PERMISSIONS } from "./accounts/api-keys";
export type * from "./events/scenarios";
export type { DeliverOptions, DeliveryResult } from "./events/webhooks";
export type { FaultSpec } from "./http/faults";
export type * from "./store/objects";
export { API_VERSION } from "./store/objects";
export type * from "./store/objects-credit-notes";
export type * from "./store/objects-payments";
export type { SimAccount, SimulatorState } from "./store/state";
