import { appDatabase, getDb } from "@/db";
import { env } from "@/lib/env";
import { migrateConfiguredDatabase } from "./migrate";
import { startServer } from "./server";
import { configurationProblems, configurationWarnings, databaseProblems, StartRefused } from "./start-checks";

/** `npm start`: the built app in production mode. Configuration comes from the environment. */
async function main() {
  (process.env as Record<string, string>).NODE_ENV = "production";
  const problems = configurationProblems();
  if (problems.length > 0) throw new StartRefused(problems);
  for (const warning of configurationWarnings()) console.warn(`Warning: ${warning}`);
  await migrateConfiguredDatabase();
  const demo = await databaseProblems(await getDb());
  if (demo.length > 0) throw new StartRefused(demo);
  const { PORT, LISTEN_HOST } = env();
  const server = await startServer({ dev: false, port: PORT, hostname: LISTEN_HOST });
  console.log(`Leadtrail is running at ${server.url}`);
  const stop = async () => {
    await server.close();
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
