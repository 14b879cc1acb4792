import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, payouts, purchases } from "@/db/schema";
import { decideReview } from "@/lib/commissions/review";
import { runJobsUntilIdle } from "@/lib/jobs/runner";
import { createPayouts } from "@/lib/payouts/payouts";
import { unpaced } from "@/lib/stripe/pacing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { deliverAll, lifecycleShop, orders } from "./lifecycles-testing";
import { connectedShop, expectDelivered, setMerchant, trackedVisitor } from "./sales-testing";

/**
 * Self-referral by card (SPEC §13): a sale credited to an affiliate but paid with a card the
 * affiliate paid with themself is held for the merchant's review. Through the real webhook path.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const CARD_A = "4242424242424242";
const CARD_B = "5555555555554444";

async function saleOf(merchantId: string, paymentIntentId: string) {
  const [purchase] = await bed.db
    .select()
    .from(purchases)
    .where(and(eq(purchases.merchantId, merchantId), eq(purchases.stripeId, paymentIntentId)));
  if (!purchase) throw new Error(`no purchase for ${paymentIntentId}`);
  const [commission] = await bed.db.select().from(commissions).where(eq(commissions.purchaseId, purchase.id));
  return { purchase, commission: commission ?? null };
}

/** The affiliate buys through their own link with their own email: a self-referral, earning nothing. */
async function affiliateBuysWith(shop: Awaited<ReturnType<typeof connectedShop>>, card: string) {
  const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
  const own = await bed.sim.events.checkoutPayment({
    account: shop.account,
    email: shop.affiliate.email,
    amount: 2000,
    clientReferenceId: visitorId,
    card,
  });
  expectDelivered(own);
  const sale = await saleOf(shop.merchantId, own.paymentIntent!.id);
  expect(sale.purchase).toMatchObject({ selfReferral: true, affiliateId: shop.affiliate.id });
  expect(sale.commission).toBeNull();
  return sale.purchase.paymentFingerprint!;
}

describe("a sale paid with a card the affiliate has used", () => {
  it("is held for review; the same customer with another card is not", async () => {
    const shop = await connectedShop(bed);
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    expect(fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);

    const refer = async (email: string, card: string) => {
      const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
      const paid = await bed.sim.events.checkoutPayment({
        account: shop.account,
        email,
        amount: 5000,
        clientReferenceId: visitorId,
        card,
      });
      expectDelivered(paid);
      return saleOf(shop.merchantId, paid.paymentIntent!.id);
    };

    const sameCard = await refer("friend@example.com", CARD_A);
    expect(sameCard.purchase).toMatchObject({ selfReferral: false, paymentFingerprint: fingerprint });
    expect(sameCard.commission).toMatchObject({
      amount: 1000,
      status: "on_hold",
      holdReason: "review",
      reviewReason: `Paid with a card the affiliate has used (fingerprint …${fingerprint.slice(-4)}).`,
    });

    const otherCard = await refer("other@example.com", CARD_B);
    expect(otherCard.purchase.paymentFingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(otherCard.purchase.paymentFingerprint).not.toBe(fingerprint);
    expect(otherCard.commission).toMatchObject({ amount: 1000, status: "pending", holdReason: null });
    expect(otherCard.commission?.reviewReason).toBeNull();
  });

  it("is held when the Checkout event comes before the charge's: the card is read ahead", async () => {
    const shop = await connectedShop(bed);
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const paid = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
      deliver: false,
    });
    const before = bed.sim.state.requests.length;
    for (const event of [...paid.events].reverse()) expect((await bed.sim.deliver(event)).status).toBe(200);
    const sale = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    expect(sale.purchase.paymentFingerprint).toBe(fingerprint);
    expect(sale.commission).toMatchObject({ status: "on_hold", holdReason: "review" });
    // One read for the card: the session with its payment intent's charge.
    const cardReads = bed.sim.state.requests
      .slice(before)
      .filter((r) => JSON.stringify(r.params).includes("latest_charge"));
    expect(cardReads).toHaveLength(1);
  });

  it("is held when the sale is recorded from its invoice, whose payment names the charge", async () => {
    const shop = await connectedShop(bed);
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const paid = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
      invoiceCreation: true,
      deliver: false,
    });
    const invoicePaid = paid.events.find((e) => e.type === "invoice.paid")!;
    expect((await bed.sim.deliver(invoicePaid)).status).toBe(200);
    const sale = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    expect(sale.purchase.paymentFingerprint).toBe(fingerprint);
    expect(sale.commission).toMatchObject({ status: "on_hold", holdReason: "review" });
  });

  it("a subscription's invoices paid with it are held, its card read with the invoice's payment", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: true });
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const before = bed.sim.state.requests.length;
    const started = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "friend@example.com",
      amount: 3000,
      interval: "month",
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(started);
    const cardReads = bed.sim.state.requests
      .slice(before)
      .filter((r) => JSON.stringify(r.params).includes("latest_charge"));
    expect(cardReads).toHaveLength(1);
    const renewed = await bed.sim.events.subscriptionRenewed({
      account: shop.account,
      subscription: started.subscription!.id,
    });
    expectDelivered(renewed);
    const sales = await bed.db
      .select({
        fingerprint: purchases.paymentFingerprint,
        status: commissions.status,
        hold: commissions.holdReason,
      })
      .from(purchases)
      .leftJoin(commissions, eq(commissions.purchaseId, purchases.id))
      .where(and(eq(purchases.merchantId, shop.merchantId), eq(purchases.selfReferral, false)));
    expect(sales).toEqual([
      { fingerprint, status: "on_hold", hold: "review" },
      { fingerprint, status: "on_hold", hold: "review" },
    ]);
  });

  it("counts the affiliate's own purchase made without their link, its Checkout event first", async () => {
    const shop = await connectedShop(bed);
    const own = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: shop.affiliate.email,
      amount: 2000,
      card: CARD_A,
      deliver: false,
    });
    const completed = own.events.find((e) => e.type === "checkout.session.completed")!;
    expect((await bed.sim.deliver(completed)).status).toBe(200);
    const mine = await saleOf(shop.merchantId, own.paymentIntent!.id);
    expect(mine.purchase).toMatchObject({ affiliateId: null, selfReferral: false });
    expect(mine.purchase.paymentFingerprint).toMatch(/^[A-Za-z0-9]{16}$/);

    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const paid = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(paid);
    const sale = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    expect(sale.commission).toMatchObject({ status: "on_hold", holdReason: "review" });
  });

  it("is held when the card is learned only from a later event, and leaves its draft payout", async () => {
    const shop = await connectedShop(bed);
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const paid = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
      deliver: false,
    });
    const completed = paid.events.find((e) => e.type === "checkout.session.completed")!;
    expect((await bed.sim.deliver(completed)).status).toBe(200);
    // As if the read ahead had found no charge yet: the sale is recorded without its card.
    const recorded = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    await bed.db
      .update(purchases)
      .set({ paymentFingerprint: null })
      .where(eq(purchases.id, recorded.purchase.id));
    await bed.db
      .update(commissions)
      .set({ status: "due", holdReason: null, reviewReason: null })
      .where(eq(commissions.id, recorded.commission!.id));
    const created = await createPayouts(
      bed.db,
      { merchantId: shop.merchantId, userId: shop.userId },
      { commissionIds: [recorded.commission!.id], includeTestMode: true },
    );
    const [batch] = created.payouts;
    expect(batch).toMatchObject({ status: "draft", amount: 1000 });

    for (const event of paid.events.filter((e) => e !== completed)) {
      expect((await bed.sim.deliver(event)).status).toBe(200);
    }
    const sale = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    expect(sale.purchase.paymentFingerprint).toBe(fingerprint);
    expect(sale.commission).toMatchObject({ status: "on_hold", holdReason: "review", payoutId: null });
    expect(sale.commission!.reviewReason).toContain("card the affiliate has used");
    const [after] = await bed.db.select().from(payouts).where(eq(payouts.id, batch!.id));
    expect(after!.amount).toBe(0);
  });

  it("in start/end-dates mode, a billing period paid with it is held once its invoice brings the card", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: false });
    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const started = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "friend@example.com",
      amount: 3000,
      interval: "month",
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(started);
    const periods = await bed.db
      .select({
        fingerprint: purchases.paymentFingerprint,
        status: commissions.status,
        hold: commissions.holdReason,
      })
      .from(purchases)
      .innerJoin(commissions, eq(commissions.purchaseId, purchases.id))
      .where(
        and(
          eq(purchases.merchantId, shop.merchantId),
          eq(purchases.stripeSubscriptionId, started.subscription!.id),
        ),
      );
    expect(periods).toEqual([{ fingerprint, status: "on_hold", hold: "review" }]);
  });

  it("sales credited before the affiliate paid with the card themself are held once they do", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const referred = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(referred);
    const before = await saleOf(shop.merchantId, referred.paymentIntent!.id);
    expect(before.commission).toMatchObject({ status: "pending", holdReason: null });

    const fingerprint = await affiliateBuysWith(shop, CARD_A);
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    const after = await saleOf(shop.merchantId, referred.paymentIntent!.id);
    expect(after.commission).toMatchObject({
      status: "on_hold",
      holdReason: "review",
      reviewReason: `Paid with a card the affiliate has used (fingerprint …${fingerprint.slice(-4)}).`,
    });
  });

  it("a commission the merchant approved stays approved when the affiliate pays with the card again", async () => {
    const shop = await connectedShop(bed);
    await affiliateBuysWith(shop, CARD_A);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const referred = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(referred);
    const held = await saleOf(shop.merchantId, referred.paymentIntent!.id);
    expect(held.commission).toMatchObject({ status: "on_hold", holdReason: "review" });
    await decideReview(bed.db, {
      merchantId: shop.merchantId,
      userId: shop.userId,
      commissionId: held.commission!.id,
      decision: "approve",
    });
    await affiliateBuysWith(shop, CARD_A);
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    const after = await saleOf(shop.merchantId, referred.paymentIntent!.id);
    expect(after.commission).toMatchObject({ status: "pending", holdReason: null });
  });

  it("in start/end-dates mode, the affiliate's own subscription holds the sales credited before it", async () => {
    const shop = await connectedShop(bed);
    await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: false });
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const referred = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "friend@example.com",
      amount: 5000,
      clientReferenceId: visitorId,
      card: CARD_A,
    });
    expectDelivered(referred);
    expect((await saleOf(shop.merchantId, referred.paymentIntent!.id)).commission).toMatchObject({
      status: "pending",
    });
    const own = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const mine = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: shop.affiliate.email,
      amount: 3000,
      interval: "month",
      clientReferenceId: own.visitorId,
      card: CARD_A,
    });
    expectDelivered(mine);
    await runJobsUntilIdle(bed.db, { stripe: () => bed.stripe, pacer: unpaced }, { timeoutMs: 20_000 });
    expect((await saleOf(shop.merchantId, referred.paymentIntent!.id)).commission).toMatchObject({
      status: "on_hold",
      holdReason: "review",
    });
  });

  it("a sale no affiliate can be credited with reads no card ahead", async () => {
    const shop = await connectedShop(bed);
    const paid = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "walk-in@example.com",
      amount: 5000,
      card: CARD_A,
      deliver: false,
    });
    const before = bed.sim.state.requests.length;
    for (const event of [...paid.events].reverse()) expect((await bed.sim.deliver(event)).status).toBe(200);
    const cardReads = bed.sim.state.requests
      .slice(before)
      .filter((r) => JSON.stringify(r.params).includes("latest_charge"));
    expect(cardReads).toHaveLength(0);
    // Its charge's event still brings the card, at no cost.
    const sale = await saleOf(shop.merchantId, paid.paymentIntent!.id);
    expect(sale.purchase.paymentFingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(sale.commission).toBeNull();
  });

  /**
   * The hold does not depend on the order Stripe's events arrive in, or on repeats: Stripe's
   * order, reversed, and shuffles with every event twice, in both subscription tracking modes.
   */
  for (const mode of ["transaction", "dates"] as const) {
    it(`holds in every delivery order, a one-off and a subscription, tracked by ${mode}`, async () => {
      for (const order of orders(6)) {
        const shop = await lifecycleShop(bed, mode);
        await affiliateBuysWith(shop, CARD_A);
        const oneOff = await bed.sim.events.checkoutPayment({
          account: shop.account,
          email: "friend@example.com",
          amount: 5000,
          clientReferenceId: shop.visitorId,
          card: CARD_A,
          deliver: false,
        });
        const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
        const started = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: "another@example.com",
          amount: 3000,
          interval: "month",
          clientReferenceId: visitorId,
          card: CARD_A,
          deliver: false,
        });
        await deliverAll(bed, order.arrange([...oneOff.events, ...started.events]));
        const held = await bed.db
          .select({ status: commissions.status, hold: commissions.holdReason })
          .from(commissions)
          .innerJoin(purchases, eq(purchases.id, commissions.purchaseId))
          .where(and(eq(commissions.merchantId, shop.merchantId), eq(purchases.selfReferral, false)));
        expect({ order: order.name, held }).toEqual({
          order: order.name,
          held: [
            { status: "on_hold", hold: "review" },
            { status: "on_hold", hold: "review" },
          ],
        });
      }
    });
  }
});
