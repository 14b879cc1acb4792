import { env } from "@/lib/env";

export interface DemoSettings {
  shopUrl: string;
  controlToken: string;
}

/**
 * The Try it panel exists only in local use: Stripe simulated (which `npm start` allows only on
 * this machine's loopback address) and the launcher's demo shop running beside it. Null
 * everywhere else, so no production server shows or answers any of it.
 */
export function demoSettings(): DemoSettings | null {
  const e = env();
  if (e.LEADTRAIL_STRIPE_SIMULATED !== "1") return null;
  if (!e.LEADTRAIL_DEMO_SHOP_URL || !e.LEADTRAIL_DEMO_CONTROL_TOKEN) return null;
  return {
    shopUrl: e.LEADTRAIL_DEMO_SHOP_URL.replace(/\/$/, ""),
    controlToken: e.LEADTRAIL_DEMO_CONTROL_TOKEN,
  };
}
