import { afterEach, describe, expect, it } from "vitest";
import { startSimulatorUnlessConfigured } from "./stripe-simulator";

const NAMES = [
  "STRIPE_SECRET_KEY",
  "STRIPE_CLIENT_ID",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_API_BASE",
  "STRIPE_CONNECT_AUTHORIZE_URL",
  "LEADTRAIL_STRIPE_SIMULATED",
];
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
const clear = () => {
  for (const name of NAMES) delete process.env[name];
};

describe("startSimulatorUnlessConfigured", () => {
  it("starts the simulator and points the app at it when no credentials are set", async () => {
    clear();
    const sim = await startSimulatorUnlessConfigured({ port: 0, appUrl: "http://localhost:3999" });
    try {
      expect(sim).not.toBeNull();
      expect(process.env).toMatchObject({
        STRIPE_SECRET_KEY: "sk_test_leadtrail_simulator",
        STRIPE_CLIENT_ID: "ca_leadtrail_simulator",
        STRIPE_API_BASE: sim!.url,
        STRIPE_CONNECT_AUTHORIZE_URL: `${sim!.url}/oauth/authorize`,
        LEADTRAIL_STRIPE_SIMULATED: "1",
      });
      expect(process.env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    } finally {
      await sim?.close();
    }
  });

  it("is never used when real credentials are set", async () => {
    clear();
    Object.assign(process.env, {
      STRIPE_SECRET_KEY: "sk_live_x",
      STRIPE_CLIENT_ID: "ca_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
    });
    expect(await startSimulatorUnlessConfigured({ port: 0, appUrl: "http://localhost:3999" })).toBeNull();
    expect(process.env.STRIPE_API_BASE).toBeUndefined();
    expect(process.env.LEADTRAIL_STRIPE_SIMULATED).toBeUndefined();
  });

  it("refuses half a set of credentials", async () => {
    clear();
    process.env.STRIPE_SECRET_KEY = "sk_live_x";
    await expect(
      startSimulatorUnlessConfigured({ port: 0, appUrl: "http://localhost:3999" }),
    ).rejects.toThrow(/STRIPE_CLIENT_ID, STRIPE_WEBHOOK_SECRET missing/);
  });
});
