import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliates, purchases } from "@/db/schema";
import {
  connectedShop,
  expectDelivered,
  ledger,
  setMerchant,
  trackedVisitor,
} from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";

/**
 * A flat amount is in a currency (docs/ledger.md): sales through the real webhook path, in the
 * currencies a flat plan does and does not pay in.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

async function referredSale(
  shop: Awaited<ReturnType<typeof connectedShop>>,
  currency: string,
  amount: number,
) {
  const email = `buyer-${currency}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await trackedVisitor(bed, shop.merchantId, shop.affiliate.id, email);
  const sale = await bed.sim.events.checkoutPayment({ account: shop.account, email, amount, currency });
  expectDelivered(sale);
  const [purchase] = await bed.db
    .select({ currency: purchases.currency, amount: purchases.amount, note: purchases.commissionNote })
    .from(purchases)
    .where(eq(purchases.email, email));
  return purchase!;
}

async function commissionsOf(merchantId: string) {
  return (await ledger(bed, merchantId)).commissions.map((c) => c.amount);
}

describe("a flat plan pays in the currencies it names", () => {
  it("a USD-only plan pays a USD sale and earns nothing on a JPY sale, saying why", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, {
      commissionType: "flat",
      commissionFlatAmounts: { usd: 1000 },
      commissionCurrency: "usd",
    });

    expect(await referredSale(shop, "usd", 4999)).toEqual({ currency: "usd", amount: 4999, note: null });
    expect(await commissionsOf(shop.merchantId)).toEqual([1000]);

    // ¥5,000 is not $10: no ¥1,000 commission, and the purchase says so.
    expect(await referredSale(shop, "jpy", 5000)).toEqual({
      currency: "jpy",
      amount: 5000,
      note: "The commission plan has no flat amount in JPY",
    });
    expect(await commissionsOf(shop.merchantId)).toEqual([1000]);
  });

  it("a plan with amounts in USD and JPY pays ¥1,500 on a JPY sale", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, {
      commissionType: "flat",
      commissionFlatAmounts: { usd: 1000, jpy: 1500 },
    });
    expect((await referredSale(shop, "jpy", 8000)).note).toBeNull();
    const { commissions } = await ledger(bed, shop.merchantId);
    expect(commissions).toEqual([expect.objectContaining({ amount: 1500, kind: "sale" })]);
  });

  it("an affiliate's own amounts replace the program's: a currency they leave out earns nothing", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, { commissionType: "flat", commissionFlatAmounts: { usd: 1000 } });
    await bed.db
      .update(affiliates)
      .set({ commissionType: "flat", commissionFlatAmounts: { eur: 700 } })
      .where(eq(affiliates.id, shop.affiliate.id));

    expect((await referredSale(shop, "eur", 3000)).note).toBeNull();
    expect((await referredSale(shop, "usd", 3000)).note).toBe(
      "The commission plan has no flat amount in USD",
    );
    expect(await commissionsOf(shop.merchantId)).toEqual([700]);
  });
});
