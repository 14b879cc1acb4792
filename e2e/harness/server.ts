import fs from "node:fs";
import path from "node:path";
import { E2E_SECRETS } from "./env";

/**
 * Starts the built app for the Playwright suite: production mode, a fresh embedded
 * database (or the PostgreSQL in DATABASE_URL), and fixed secrets.
 */
async function main() {
  const port = process.env.E2E_PORT ?? "3100";
  const dataDir = path.resolve(".data", "e2e");
  fs.rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, {
    ...E2E_SECRETS,
    PORT: port,
    APP_URL: `http://localhost:${port}`,
    LEADTRAIL_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  await import("../../scripts/start");
  const { startControlServer } = await import("./control");
  startControlServer(Number(process.env.E2E_CONTROL_PORT ?? 3101));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
