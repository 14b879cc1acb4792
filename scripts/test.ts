import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

/**
 * `npm test`: the whole suite. Unit and integration tests (vitest) against PostgreSQL when
 * DATABASE_URL is set, embedded PGlite otherwise; then a production build and the Playwright
 * suite in Chromium. Extra arguments go to both runners' filters, e.g. `npm test -- auth`.
 */
function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Debian's Chromium: Playwright's own browser download is not used. Installed when missing and allowed. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  );
  const found = candidates.find((p) => fs.existsSync(p as string));
  if (found) return found as string;
  if (process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing; installing Debian's chromium package…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    return "/usr/bin/chromium";
  }
  console.error(
    "Chromium not found. Install it (Debian: `sudo apt-get install chromium`) or set CHROMIUM_PATH.",
  );
  process.exit(1);
}

const filters = process.argv.slice(2);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
step("Unit and integration tests", "npx", ["vitest", "run", ...filters], env);
const browser = chromiumPath();
if (process.env.LEADTRAIL_SKIP_BUILD !== "1") step("Production build", "npx", ["next", "build"], env);
step("End-to-end tests (Chromium)", "npx", ["playwright", "test", ...filters], {
  ...env,
  CHROMIUM_PATH: browser,
});
console.log("\n✔ All tests passed");
