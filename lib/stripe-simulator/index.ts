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
import { accountRoutes } from "./api-accounts";
import { checkoutRoutes } from "./api-checkout";
import { couponRoutes } from "./api-coupons";
import { creditNoteRoutes } from "./api-credit-notes";
import { customerRoutes } from "./api-customers";
import { invoiceRoutes } from "./api-invoices";
import { type CreateKeyInput, createApiKey, revokeApiKey } from "./api-keys";
import { paymentRoutes } from "./api-payments";
import { promotionCodeRoutes } from "./api-promotion-codes";
import { subscriptionRoutes } from "./api-subscriptions";
import { webhookEndpointRoutes } from "./api-webhook-endpoints";
import { checkoutPage } from "./checkout-page";
import { FaultInjector, type FaultSpec } from "./faults";
import { IdempotencyStore } from "./idempotency";
import { createIdFactory } from "./ids";
import { authorizePage, confirmAuthorize, type PageResponse } from "./oauth-authorize";
import { RateLimiter } from "./rate-limiter";
import { createScenarioHelpers, type ScenarioHelpers } from "./scenarios";
import { createRequestListener } from "./server";
import { createState, type SimConfig, type SimContext, type SimulatorState } from "./state";
import { type DeliverOptions, type DeliveryResult, deliverEvent } from "./webhooks";

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

export type { Permission } from "./api-keys";
export { LEADTRAIL_PERMISSIONS } from "./api-keys";
export type { FaultSpec } from "./faults";
export type * from "./objects";
export { API_VERSION } from "./objects";
export type * from "./objects-credit-notes";
export type * from "./objects-payments";
export type * from "./scenarios";
export type { SimAccount, SimulatorState } from "./state";
export type { DeliverOptions, DeliveryResult } from "./webhooks";
