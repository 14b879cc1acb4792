import { appDatabase } from "@/db";
import { env, launchSettings } from "@/lib/env";
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
  await migrateConfiguredDatabase();
  await seedDemo();
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
  console.log(`  demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n`);
  const stop = async () => {
    await server.close();
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
