import { launchSettings } from "@/lib/env";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_SECRET_KEY,
  DEFAULT_WEBHOOK_SECRET,
  type StripeSimulator,
  startStripeSimulator,
} from "@/stripe-simulator";

const CREDENTIALS = ["STRIPE_SECRET_KEY", "STRIPE_CLIENT_ID", "STRIPE_WEBHOOK_SECRET"] as const;

/**
 * Local use and the end-to-end suite need no Stripe account: when none of the platform
 * credentials is set, the built-in simulator is started in this process and the app is pointed
 * at it, unless LEADTRAIL_STRIPE_SIMULATOR=0 (a self-hosted server on real Stripe whose merchants
 * connect with their own API keys). With real credentials it is never used; half a set is refused rather than guessed at.
 * Must run before anything reads the configuration (env() caches it).
 */
export async function startSimulatorUnlessConfigured(options: {
  port: number;
  appUrl: string;
}): Promise<StripeSimulator | null> {
  const set = CREDENTIALS.filter((name) => process.env[name]);
  if (set.length === CREDENTIALS.length) return null;
  // Real Stripe without a Connect platform: merchants connect with their own restricted keys.
  if (set.length === 0 && launchSettings().LEADTRAIL_STRIPE_SIMULATOR === "0") return null;
  if (set.length > 0) {
    const missing = CREDENTIALS.filter((name) => !process.env[name]);
    throw new Error(
      `Stripe is half configured: ${set.join(", ")} set but ${missing.join(", ")} missing. ` +
        "Set all three for real Stripe, or none to use the built-in simulator.",
    );
  }
  const webhookUrl = new URL("/api/stripe/webhook", options.appUrl).toString();
  const sim = await startStripeSimulator({ port: options.port, webhookUrl });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: DEFAULT_SECRET_KEY,
    STRIPE_CLIENT_ID: DEFAULT_CLIENT_ID,
    STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
    STRIPE_API_BASE: sim.url,
    STRIPE_CONNECT_AUTHORIZE_URL: `${sim.url}/oauth/authorize`,
    LEADTRAIL_STRIPE_SIMULATED: "1",
  });
  return sim;
}
