import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { createTestDatabase } from "@/db/testing";
import { WELL_KNOWN_WEBHOOK_SECRETS } from "@/lib/env";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { DEFAULT_WEBHOOK_SECRET } from "@/stripe-simulator";
import { WEBHOOK_SECRET } from "@/stripe-simulator/testing";
import { DEMO_LOGIN } from "./seed";
import { configurationProblems, configurationWarnings, databaseProblems } from "./start-checks";

const GOOD = {
  NEXTAUTH_SECRET: "n".repeat(43),
  ENCRYPTION_KEY: "ab".repeat(32),
  APP_URL: "https://affiliates.example.com",
  STRIPE_WEBHOOK_SECRET: "whsec_real_endpoint_secret",
};

describe("production start checks", () => {
  it("accept a complete https configuration", () => {
    expect(configurationProblems(GOOD)).toEqual([]);
  });

  it("name what to set for each missing or unsafe value", () => {
    const { NEXTAUTH_SECRET: _n, ENCRYPTION_KEY: _e, ...rest } = GOOD;
    const missing = configurationProblems(rest);
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatch(/^NEXTAUTH_SECRET .* set it to/);
    expect(missing[1]).toMatch(/^ENCRYPTION_KEY .* set it to/);
    expect(configurationProblems({ ...GOOD, NEXTAUTH_SECRET: "short" })[0]).toMatch(/NEXTAUTH_SECRET/);
    expect(configurationProblems({ ...GOOD, ENCRYPTION_KEY: "not-a-key" })[0]).toMatch(/ENCRYPTION_KEY/);
    expect(configurationProblems({ ...GOOD, APP_URL: "http://affiliates.example.com" })).toEqual([
      expect.stringMatching(/^APP_URL is http:\/\/affiliates\.example\.com: set it to the https address/),
    ]);
    expect(configurationProblems({ ...GOOD, APP_URL: undefined })[0]).toMatch(/^APP_URL is not set/);
    for (const secret of WELL_KNOWN_WEBHOOK_SECRETS) {
      expect(configurationProblems({ ...GOOD, STRIPE_WEBHOOK_SECRET: secret })).toEqual([
        expect.stringMatching(/^STRIPE_WEBHOOK_SECRET is the Stripe simulator's published secret/),
      ]);
    }
    expect(configurationProblems({ ...GOOD, LEADTRAIL_STRIPE_SIMULATED: "1" })[0]).toMatch(
      /^LEADTRAIL_STRIPE_SIMULATED=1/,
    );
  });

  it("know every secret the simulator publishes", () => {
    expect(WELL_KNOWN_WEBHOOK_SECRETS).toEqual(
      expect.arrayContaining([DEFAULT_WEBHOOK_SECRET, WEBHOOK_SECRET]),
    );
  });

  it("let a loopback APP_URL try the production build over http with the simulator", () => {
    const local = {
      ...GOOD,
      APP_URL: "http://127.0.0.1:3000",
      STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
      LEADTRAIL_STRIPE_SIMULATED: "1",
    };
    expect(configurationProblems(local)).toEqual([]);
    expect(configurationProblems({ ...local, NEXTAUTH_SECRET: undefined })).toHaveLength(1);
  });
});

describe("the demo login", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("stops a public start while it keeps its published password", async () => {
    expect(await databaseProblems(handle.db, GOOD)).toEqual([]);
    await signUpMerchant(handle.db, { name: "Demo Owner", company: "Demo Store", ...DEMO_LOGIN });
    expect(await databaseProblems(handle.db, GOOD)).toEqual([
      expect.stringMatching(/^The demo login demo@leadtrail\.dev still has its published password/),
    ]);
    expect(await databaseProblems(handle.db, { ...GOOD, APP_URL: "http://localhost:3000" })).toEqual([]);
  });
});

describe("npm start", () => {
  function start(env: Record<string, string | undefined>) {
    const result = spawnSync("npx", ["tsx", "scripts/start.ts"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stderr: result.stderr };
  }

  it("refuses to start without secrets or with a plain-http public address, saying what to set", () => {
    const result = start({ APP_URL: "http://affiliates.example.com", PORT: "0" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Leadtrail will not start in production");
    expect(result.stderr).toMatch(/NEXTAUTH_SECRET .* set it to/);
    expect(result.stderr).toMatch(/ENCRYPTION_KEY .* set it to/);
    expect(result.stderr).toMatch(/APP_URL is http:\/\/affiliates\.example\.com: set it to/);
  });

  it("refuses the simulator's webhook secret on a public address", () => {
    const result = start({ ...GOOD, STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET, PORT: "0" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/STRIPE_WEBHOOK_SECRET is the Stripe simulator's published secret/);
  });
});

describe("production start warnings", () => {
  it("say mail is not delivered when a public address has no SMTP server, and nothing otherwise", () => {
    const [warning] = configurationWarnings({ APP_URL: "https://partners.example.com" });
    expect(warning).toContain("SMTP_URL is not set");
    expect(
      configurationWarnings({ APP_URL: "https://partners.example.com", SMTP_URL: "smtp://m:p@mail:587" }),
    ).toEqual([]);
    expect(configurationWarnings({ APP_URL: "http://localhost:3000" })).toEqual([]);
  });
});
