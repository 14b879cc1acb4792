import { appDatabase } from "@/db";
import { env, launchSettings } from "@/lib/env";
import { planDemoShop, startDemo } from "./demo/start";
import { applyLocalDefaults } from "./local-env";
import { migrateConfiguredDatabase } from "./migrate";
import { DEMO_LOGIN, seedDemo } from "./seed";
import { startServer } from "./server";
import { startSimulatorUnlessConfigured } from "./stripe-simulator";

/** `npm run dev`: local Leadtrail with zero configuration. */
async function main() {
  applyLocalDefaults();
  const launch = launchSettings();
  const port = launch.PORT;
  process.env.APP_URL ||= `http://localhost:${port}`;
  const stripeSimulator = await startSimulatorUnlessConfigured({
    port: launch.STRIPE_SIMULATOR_PORT,
    appUrl: process.env.APP_URL,
  });
  // With the simulator, the demo merchant gets a whole program and a shop to try it on.
  const demo = stripeSimulator ? planDemoShop(launch.DEMO_SHOP_PORT ?? port + 1) : null;
  await migrateConfiguredDatabase();
  const shop = stripeSimulator && demo ? await startDemo(demo, stripeSimulator, process.env.APP_URL) : null;
  if (!shop) await seedDemo();
  const server = await startServer({ dev: true, port });
  const { DATABASE_URL } = env();
  console.log(`\nLeadtrail is running at ${server.url}`);
  console.log(`  database: ${DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite in .data/"}`);
  console.log(
    `  stripe: ${
      stripeSimulator
        ? `simulated at ${stripeSimulator.url} (no credentials set)`
        : env().STRIPE_SECRET_KEY
          ? "STRIPE_* credentials"
          : "no Connect platform: connect with a restricted API key (Apps → App Store)"
    }`,
  );
  if (shop) console.log(`  demo shop: ${shop.url} (open it from Try it on the dashboard)`);
  console.log(`  demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n`);
  const stop = async () => {
    await server.close();
    await shop?.close();
    await stripeSimulator?.close();
    await (await appDatabase()).close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
