import { defineConfig, devices } from "@playwright/test";
import { AFFILIATE_STATE, MERCHANT_STATE } from "./e2e/fixtures";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;

/** Debian's Chromium (browser downloads are not used); CHROMIUM_PATH overrides. */
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const chrome = { ...devices["Desktop Chrome"], channel: undefined };

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // By audience, as the app is: e2e/merchant/ and e2e/affiliate/ start signed in (the setup
  // project signs in once and stores the sessions); put a new spec in the folder of its audience.
  projects: [
    { name: "setup", testDir: "./e2e/setup", testMatch: /.*\.setup\.ts$/, use: chrome },
    {
      name: "merchant",
      testDir: "./e2e/merchant",
      dependencies: ["setup"],
      use: { ...chrome, storageState: MERCHANT_STATE },
    },
    {
      name: "affiliate",
      testDir: "./e2e/affiliate",
      dependencies: ["setup"],
      use: { ...chrome, storageState: AFFILIATE_STATE },
    },
  ],
  webServer: {
    command: "npx tsx e2e/harness/server.ts",
    url: `${baseURL}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
