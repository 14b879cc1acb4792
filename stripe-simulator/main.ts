/**
 * Runs the Stripe simulator on its own:
 *
 *   npx tsx stripe-simulator/main.ts --port 12111
 *
 * Flags win over the environment: STRIPE_SIMULATOR_PORT, STRIPE_WEBHOOK_SECRET, APP_URL (events go
 * to {APP_URL}/api/stripe/webhook), STRIPE_SECRET_KEY, STRIPE_CLIENT_ID. The rate limit defaults to
 * Stripe's test-mode 25 requests per second per account; `--rate-limit 0` turns it off.
 */
import { parseArgs } from "node:util";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_SECRET_KEY,
  DEFAULT_WEBHOOK_SECRET,
  LEADTRAIL_PERMISSIONS,
  startStripeSimulator,
} from "./index";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    "secret-key": { type: "string" },
    "client-id": { type: "string" },
    "rate-limit": { type: "string" },
  },
});

const env = (name: string) => process.env[name] || undefined;
const appUrl = env("APP_URL") ?? "http://localhost:3000";
const port = Number(values.port ?? env("STRIPE_SIMULATOR_PORT") ?? 12111);
const rate = Number(values["rate-limit"] ?? 25);
if (!Number.isInteger(port) || port < 0 || !Number.isFinite(rate) || rate < 0) {
  console.error(
    "Usage: main.ts [--port N] [--host H] [--webhook-url U] [--webhook-secret S] [--rate-limit N]",
  );
  process.exit(2);
}

async function main() {
  const sim = await startStripeSimulator({
    port,
    host: values.host ?? "127.0.0.1",
    secretKey: values["secret-key"] ?? env("STRIPE_SECRET_KEY") ?? DEFAULT_SECRET_KEY,
    clientId: values["client-id"] ?? env("STRIPE_CLIENT_ID") ?? DEFAULT_CLIENT_ID,
    webhookSecret: values["webhook-secret"] ?? env("STRIPE_WEBHOOK_SECRET") ?? DEFAULT_WEBHOOK_SECRET,
    webhookUrl: values["webhook-url"] ?? `${appUrl.replace(/\/$/, "")}/api/stripe/webhook`,
    rateLimit: rate > 0 ? { perSecond: rate } : null,
  });

  console.log(`Stripe simulator listening on ${sim.url} (simulated Stripe; events go to the app's webhook)`);
  console.log(`  STRIPE_API_BASE=${sim.url}`);
  console.log(`  STRIPE_CONNECT_AUTHORIZE_URL=${sim.url}/oauth/authorize`);
  // Self-hosting without a Connect platform: a simulated account of its own, and a key to paste.
  const own = sim.createRestrictedKey({ permissions: LEADTRAIL_PERMISSIONS, businessName: "Simulated Shop" });
  console.log(`  Restricted API key of simulated account ${own.account}: ${own.key}`);
  const shop = sim.createSecretKey({ account: own.account });
  console.log(`  Its secret key (for the shop's own Checkout Sessions): ${shop.key}`);

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`Stripe simulator: ${signal}, shutting down`);
    await sim.close();
    process.exit(0);
  }
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

// An async main, not top-level await: tsx runs this file as CommonJS (package.json has no "type").
main().catch((error: unknown) => {
  console.error("Stripe simulator failed to start:", error);
  process.exit(1);
});
