import Stripe from "stripe";
import { env } from "@/lib/env";
import { ConnectError } from "./connect-errors";

/**
 * The one place the Stripe SDK is constructed. Everything Stripe-related in the app goes
 * through lib/stripe/, so the host override, retries and the `{ stripeAccount }` rule live here.
 */

export interface StripeSettings {
  secretKey: string;
  /** STRIPE_TEST_SECRET_KEY: reads the test-mode objects of a live connection's test events. */
  testSecretKey?: string;
  clientId: string;
  webhookSecret: string;
  /** Where `/v1/*` and `/oauth/*` go; undefined → api.stripe.com. */
  apiBase?: string;
  authorizeUrl: string;
  redirectUri: string;
  maxNetworkRetries: number;
  simulated: boolean;
}

export const notConfigured = () => new ConnectError("not_configured");

/** True when the platform credentials are present (real Stripe or the simulator). */
export function stripeConfigured(): boolean {
  const e = env();
  return Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_CLIENT_ID && e.STRIPE_WEBHOOK_SECRET);
}

export function stripeSimulated(): boolean {
  return env().LEADTRAIL_STRIPE_SIMULATED === "1";
}

export function stripeSettings(): StripeSettings {
  const e = env();
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_CLIENT_ID || !e.STRIPE_WEBHOOK_SECRET) throw notConfigured();
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    testSecretKey: e.STRIPE_TEST_SECRET_KEY,
    clientId: e.STRIPE_CLIENT_ID,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    apiBase: e.STRIPE_API_BASE,
    authorizeUrl: e.STRIPE_CONNECT_AUTHORIZE_URL,
    redirectUri: new URL("/api/stripe/oauth/callback", e.APP_URL).toString(),
    maxNetworkRetries: e.STRIPE_MAX_NETWORK_RETRIES,
    simulated: e.LEADTRAIL_STRIPE_SIMULATED === "1",
  };
}

/** A client for the platform key; `apiBase` points host, port and protocol at another server. */
export function createStripeClient(options: {
  secretKey: string;
  apiBase?: string;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}): Stripe {
  const config: Stripe.StripeConfig = {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    telemetry: false,
    appInfo: { name: "Leadtrail", url: "https://github.com/leadtrail/leadtrail" },
  };
  if (options.apiBase) {
    const base = new URL(options.apiBase);
    const protocol = base.protocol === "http:" ? "http" : "https";
    config.host = base.hostname;
    config.port = base.port || (protocol === "http" ? "80" : "443");
    config.protocol = protocol;
  }
  return new Stripe(options.secretKey, config);
}

type ClientSlot = "web" | "webTest" | "job" | "jobTest";
const globalForStripe = globalThis as unknown as {
  leadtrailStripeClients?: Partial<Record<ClientSlot, { key: string; client: Stripe }>>;
};

/** One client per slot, rebuilt only if its configuration changes (tests, HMR). */
function cachedClient(slot: ClientSlot, options: Parameters<typeof createStripeClient>[0]): Stripe {
  globalForStripe.leadtrailStripeClients ??= {};
  const clients = globalForStripe.leadtrailStripeClients;
  const key = [options.secretKey, options.apiBase ?? "", options.maxNetworkRetries, options.timeoutMs].join(
    "|",
  );
  const cached = clients[slot];
  if (cached?.key === key) return cached.client;
  const client = createStripeClient(options);
  clients[slot] = { key, client };
  return client;
}

/** The app's shared client for the platform key. */
export function stripeClient(settings: StripeSettings = stripeSettings()): Stripe {
  return cachedClient("web", settings);
}

/** The same for the platform's test-mode key, or null when STRIPE_TEST_SECRET_KEY is not set. */
export function testStripeClient(settings: StripeSettings = stripeSettings()): Stripe | null {
  if (!settings.testSecretKey) return null;
  return cachedClient("webTest", { ...settings, secretKey: settings.testSecretKey });
}

/**
 * The client background jobs use: the SDK does not retry (the job runner does, with backoff and
 * its own bookkeeping) and a hung request gives up sooner than the SDK's 80 s default.
 */
export function jobStripeClient(settings: StripeSettings = stripeSettings()): Stripe {
  return cachedClient("job", { ...settings, maxNetworkRetries: 0, timeoutMs: 30_000 });
}

/** The job client for the test-mode key, or null when it is not set. */
export function jobTestStripeClient(settings: StripeSettings = stripeSettings()): Stripe | null {
  if (!settings.testSecretKey) return null;
  return cachedClient("jobTest", {
    ...settings,
    secretKey: settings.testSecretKey,
    maxNetworkRetries: 0,
    timeoutMs: 30_000,
  });
}

const keyClients = new Map<string, Stripe>();
const MAX_KEY_CLIENTS = 500;

/**
 * A client for a merchant's own key (a self-hosted connection by restricted key). Needs no
 * platform credentials; STRIPE_API_BASE points it elsewhere like the platform clients. `job`:
 * no SDK retries and a shorter timeout, as for jobStripeClient.
 */
export function keyStripeClient(secretKey: string, opts: { job?: boolean } = {}): Stripe {
  const e = env();
  const id = `${opts.job ? "job" : "web"}|${e.STRIPE_API_BASE ?? ""}|${secretKey}`;
  const cached = keyClients.get(id);
  if (cached) return cached;
  // A rough bound: a process serves few merchants' keys, but a key rotated often must not pile up.
  if (keyClients.size >= MAX_KEY_CLIENTS) keyClients.clear();
  const client = createStripeClient({
    secretKey,
    apiBase: e.STRIPE_API_BASE,
    maxNetworkRetries: opts.job ? 0 : e.STRIPE_MAX_NETWORK_RETRIES,
    ...(opts.job ? { timeoutMs: 30_000 } : {}),
  });
  keyClients.set(id, client);
  return client;
}

/**
 * The Connect authorize URL, built from configuration rather than `stripe.oauth.authorizeUrl`,
 * which always produces an https URL without a port and so cannot point at a local server.
 */
export function authorizeUrl(
  { state }: { state: string },
  settings: Pick<StripeSettings, "authorizeUrl" | "clientId" | "redirectUri"> = stripeSettings(),
): string {
  const url = new URL(settings.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", settings.clientId);
  url.searchParams.set("scope", "read_write");
  url.searchParams.set("redirect_uri", settings.redirectUri);
  url.searchParams.set("state", state);
  return url.toString();
}

/** One line for logs: the SDK's errors carry headers and raw bodies that swamp them. */
export function describeStripeError(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) {
    return `${error.type}${error.statusCode ? ` (${error.statusCode})` : ""}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
