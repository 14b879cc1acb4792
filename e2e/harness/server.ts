import fs from "node:fs";
import path from "node:path";
import { planDemoShop, startDemo } from "../../scripts/demo/start";
import { migrateConfiguredDatabase } from "../../scripts/migrate";
import { startSimulatorUnlessConfigured } from "../../scripts/stripe-simulator";
import { E2E_SECRETS } from "./env";

/**
 * Starts the built app for the Playwright suite: production mode, a fresh embedded
 * database (or the PostgreSQL in DATABASE_URL), fixed secrets, and the Stripe simulator on its
 * own port unless real Stripe credentials are set. With the simulator, the demo merchant and
 * its shop are there as `npm run dev` makes them (the first-run suite uses them).
 */
async function main() {
  const port = process.env.E2E_PORT ?? "3100";
  // E2E_DATA_DIR lets two suites run side by side (with their own E2E_*PORT values).
  const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? path.join(".data", "e2e"));
  fs.rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, {
    ...E2E_SECRETS,
    PORT: port,
    APP_URL: `http://localhost:${port}`,
    LEADTRAIL_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    // Every test signs up and in from 127.0.0.1: per-address limits sized for one browser
    // would stop the suite, so they are raised here (per-account limits stay as shipped).
    LIMIT_SIGNUP_IP: process.env.LIMIT_SIGNUP_IP ?? "10000/1m",
    LIMIT_JOIN_IP: process.env.LIMIT_JOIN_IP ?? "10000/1m",
    LIMIT_SIGNIN_IP: process.env.LIMIT_SIGNIN_IP ?? "10000/1m",
    LIMIT_RESET_REQUEST_IP: process.env.LIMIT_RESET_REQUEST_IP ?? "10000/1m",
    LIMIT_RESET_SUBMIT_IP: process.env.LIMIT_RESET_SUBMIT_IP ?? "10000/1m",
  });
  const stripeSimulator = await startSimulatorUnlessConfigured({
    port: Number(process.env.E2E_STRIPE_PORT ?? 3102),
    appUrl: process.env.APP_URL!,
  });
  if (stripeSimulator) {
    const demo = planDemoShop(Number(process.env.E2E_SHOP_PORT ?? 3103));
    await migrateConfiguredDatabase();
    await startDemo(demo, stripeSimulator, process.env.APP_URL!);
  }
  await import("../../scripts/start");
  const { startControlServer } = await import("./control");
  startControlServer(Number(process.env.E2E_CONTROL_PORT ?? 3101), { stripeSimulator });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
