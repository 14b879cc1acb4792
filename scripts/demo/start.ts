import { randomBytes } from "node:crypto";
import { getDb } from "@/db";
import { getMerchant, updateMerchant } from "@/db/queries/merchants";
import type { StripeSimulator } from "@/stripe-simulator";
import { seedDemo } from "../seed";
import { stripeControl } from "./control";
import { seedDemoProgram } from "./seed-program";
import { type DemoShop, startDemoShop } from "./shop";

export interface DemoPlan {
  port: number;
  token: string;
}

/**
 * Step one of the local demo, before anything reads the configuration (env() caches it): where
 * the demo shop will listen and the token Leadtrail's Try it panel uses for its control routes.
 */
export function planDemoShop(port: number): DemoPlan {
  const token = randomBytes(24).toString("base64url");
  process.env.LEADTRAIL_DEMO_SHOP_URL = `http://127.0.0.1:${port}`;
  process.env.LEADTRAIL_DEMO_CONTROL_TOKEN = token;
  return { port, token };
}

/**
 * Step two, once the database is migrated: the demo merchant and its program (affiliates, Stripe
 * connected to the simulator, coupon codes), then the shop, whose address becomes the merchant's
 * site so referral links lead there.
 */
export async function startDemo(plan: DemoPlan, sim: StripeSimulator, appUrl: string): Promise<DemoShop> {
  await seedDemo();
  const db = await getDb();
  const program = await seedDemoProgram(db, sim);
  const shop = await startDemoShop({
    port: plan.port,
    appUrl,
    stripeSecretKey: process.env.STRIPE_SECRET_KEY ?? "",
    stripeApiBase: sim.url,
    extra: stripeControl(sim, plan.token),
  });
  // A site the merchant set themself is kept; the shop's address of an earlier run is replaced.
  const merchant = await getMerchant(db, program.merchantId);
  if (!merchant?.siteUrl || merchant.siteUrl.startsWith(shop.url)) {
    await updateMerchant(db, program.merchantId, {
      siteUrl: shop.siteUrl(program.publicKey, program.stripeAccount),
    });
  }
  return shop;
}
