import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { demoSettings } from "./settings";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

function withEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
  resetEnvCache();
}

const SHOP = {
  LEADTRAIL_DEMO_SHOP_URL: "http://127.0.0.1:3001/",
  LEADTRAIL_DEMO_CONTROL_TOKEN: "x".repeat(32),
};

describe("demoSettings", () => {
  it("is there with the simulator and the launcher's demo shop", () => {
    withEnv({ LEADTRAIL_STRIPE_SIMULATED: "1", ...SHOP });
    expect(demoSettings()).toEqual({ shopUrl: "http://127.0.0.1:3001", controlToken: "x".repeat(32) });
  });

  it("is never there with real Stripe, even if the shop's settings leak into the environment", () => {
    withEnv({ LEADTRAIL_STRIPE_SIMULATED: undefined, ...SHOP });
    expect(demoSettings()).toBeNull();
    withEnv({ LEADTRAIL_STRIPE_SIMULATED: "0", ...SHOP });
    expect(demoSettings()).toBeNull();
  });

  it("is not there without the shop (the simulator run on its own)", () => {
    withEnv({
      LEADTRAIL_STRIPE_SIMULATED: "1",
      LEADTRAIL_DEMO_SHOP_URL: undefined,
      LEADTRAIL_DEMO_CONTROL_TOKEN: undefined,
    });
    expect(demoSettings()).toBeNull();
  });
});
