/**
 * The simulator's whole memory: plain Maps per account, so tests can inspect exactly what the
 * app created (`sim.state.accounts.get(id)?.promotionCodes`) without going through HTTP.
 */

import type { Coupon, Customer, Discount, Invoice, Price, PromotionCode, Subscription } from "./objects";
import type { CreditNote } from "./objects-credit-notes";
import type {
  Charge,
  CheckoutDetails,
  CheckoutSession,
  Dispute,
  InvoicePayment,
  PaymentIntent,
  Refund,
  StripeEvent,
} from "./objects-payments";

export interface SimApiKey {
  key: string;
  account: string;
  kind: "secret" | "restricted";
  livemode: boolean;
  /** Restricted keys only; a secret key may do anything. */
  permissions: ReadonlySet<string> | null;
  revoked: boolean;
  created: number;
}

export interface SimAccount {
  id: string;
  /** Connected accounts only; the platform's own resources live in `state.platform`. */
  connected: boolean;
  livemode: boolean;
  created: number;
  email: string | null;
  businessName: string | null;
  /** True after /oauth/deauthorize or a simulated disconnect from Stripe's side. */
  deauthorized: boolean;
  coupons: Map<string, Coupon>;
  /** Deleted coupons stay reachable through promotion codes and discounts that name them. */
  deletedCoupons: Map<string, Coupon>;
  promotionCodes: Map<string, PromotionCode>;
  customers: Map<string, Customer>;
  /** The card number a customer last paid with: their subscription's invoices charge it. */
  customerCards: Map<string, string>;
  checkoutSessions: Map<string, CheckoutSession>;
  checkoutDetails: Map<string, CheckoutDetails>;
  prices: Map<string, Price>;
  /** Product id → name; products are not served, only named on invoice lines. */
  products: Map<string, string>;
  subscriptions: Map<string, Subscription>;
  invoices: Map<string, Invoice>;
  invoicePayments: Map<string, InvoicePayment>;
  paymentIntents: Map<string, PaymentIntent>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  disputes: Map<string, Dispute>;
  creditNotes: Map<string, CreditNote>;
  discounts: Map<string, Discount>;
  events: Map<string, StripeEvent>;
  /** The account's own webhook endpoints (direct events), with their signing secrets. */
  webhookEndpoints: Map<string, SimWebhookEndpoint>;
}

export interface SimWebhookEndpoint {
  id: string;
  object: "webhook_endpoint";
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: boolean;
  metadata: Record<string, string>;
  status: "enabled" | "disabled";
  url: string;
  secret: string;
}

export interface OAuthCode {
  code: string;
  account: string;
  clientId: string;
  redirectUri: string | null;
  scope: string;
  livemode: boolean;
  created: number;
  used: boolean;
}

export interface OAuthGrant {
  account: string;
  accessToken: string;
  refreshToken: string;
  publishableKey: string;
  scope: string;
  livemode: boolean;
  created: number;
}

export interface Deauthorization {
  account: string;
  /** "platform": POST /oauth/deauthorize; "account": the merchant disconnected in Stripe. */
  by: "platform" | "account";
  at: number;
}

export interface RequestLogEntry {
  requestId: string;
  method: string;
  path: string;
  account: string | null;
  idempotencyKey: string | null;
  params: Record<string, unknown>;
  status: number;
  /** "fault" when injectFaults answered, "replayed" for an idempotent replay. */
  note?: "fault" | "replayed" | "rate_limited";
  at: number;
}

export interface DeliveryLogEntry {
  eventId: string;
  type: string;
  url: string;
  /** 0: the endpoint could not be reached. */
  status: number;
  at: number;
  /** Deliveries to an account's own endpoint: which one, and which attempt (1 = first). */
  endpoint?: string;
  attempt?: number;
}

export interface SimulatorState {
  platform: SimAccount;
  accounts: Map<string, SimAccount>;
  oauthCodes: Map<string, OAuthCode>;
  oauthGrants: OAuthGrant[];
  deauthorizations: Deauthorization[];
  requests: RequestLogEntry[];
  /** Every event the simulator built, in order (delivered or not). */
  events: StripeEvent[];
  deliveries: DeliveryLogEntry[];
  /** Accounts' own API keys (secret and restricted), by key. */
  apiKeys: Map<string, SimApiKey>;
}

export interface SimConfig {
  secretKey: string;
  clientId: string;
  webhookSecret: string;
  webhookUrl: string | null;
  /** Known once the server listens; used for Checkout URLs. */
  baseUrl: string;
  /** Retries of a failed delivery to an account's endpoint: how many after the first, and the first wait. */
  endpointRetry: { retries: number; baseDelayMs: number };
}

/** What every module receives: state, configuration and the two sources of variation. */
export interface SimContext {
  state: SimulatorState;
  config: SimConfig;
  newId(prefix: string): string;
  now(): number;
  /** Deliveries still to be retried; `idle()` waits for them, `close()` cancels their timers. */
  pending: Set<Promise<unknown>>;
  retryTimers: Set<NodeJS.Timeout>;
}

export function createAccount(
  id: string,
  opts: {
    connected: boolean;
    livemode: boolean;
    created: number;
    email?: string | null;
    businessName?: string | null;
  },
): SimAccount {
  return {
    id,
    connected: opts.connected,
    livemode: opts.livemode,
    created: opts.created,
    email: opts.email ?? null,
    businessName: opts.businessName ?? null,
    deauthorized: false,
    coupons: new Map(),
    deletedCoupons: new Map(),
    promotionCodes: new Map(),
    customers: new Map(),
    checkoutSessions: new Map(),
    checkoutDetails: new Map(),
    prices: new Map(),
    products: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    creditNotes: new Map(),
    customerCards: new Map(),
    discounts: new Map(),
    events: new Map(),
    webhookEndpoints: new Map(),
  };
}

export function createState(platformId: string, now: number): SimulatorState {
  return {
    platform: createAccount(platformId, { connected: false, livemode: false, created: now }),
    accounts: new Map(),
    oauthCodes: new Map(),
    oauthGrants: [],
    deauthorizations: [],
    requests: [],
    events: [],
    deliveries: [],
    apiKeys: new Map(),
  };
}

/** A connected account usable by helpers; throws for typos in tests rather than inventing one. */
export function connectedAccount(sim: SimContext, id: string): SimAccount {
  const account = sim.state.accounts.get(id);
  if (!account) throw new Error(`Stripe simulator: no connected account ${id}`);
  return account;
}
