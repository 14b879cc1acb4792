import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { affiliates } from "@/db/schema";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import {
  converges,
  deliverAll,
  eventOf,
  ledgerOf,
  lifecycleShop,
  NOTHING,
  normalLedger,
  type Shop,
  type SimEvent,
  sale,
} from "./lifecycles-testing";
import { promotionCode } from "./sales-testing";

// Each scenario runs in 22 delivery orders on fresh shops: minutes on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

/**
 * Stripe's lifecycles for subscriptions tracked by start/end dates (SPEC §5 "Dates mode,
 * precisely"): each billing period is a purchase. Trials, past due, unpaid, and refunds on a
 * period's invoice, through the real webhook route, in Stripe's order, reversed and in 20
 * shuffles with every event twice. The default plan: 20% of every payment.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const events = (...results: { events: SimEvent[] }[]) => results.flatMap((r) => r.events);
const period = (amount: number, fields: Parameters<typeof sale>[1], ...coms: Parameters<typeof sale>[2][]) =>
  sale(amount, { source: "subscription_period", chargedAmount: amount, ...fields }, ...coms);

async function trial(
  shop: Shop,
  hint: { clientReferenceId?: string; promotionCode?: string },
  end: "paid" | "cancelled",
) {
  const start = await bed.sim.events.subscriptionStarted({
    account: shop.account,
    email: `dates-trial-${shop.visitorId}@example.com`,
    amount: 5000,
    interval: "month",
    trialDays: 14,
    ...hint,
    deliver: false,
  });
  const subscription = start.subscription!.id;
  const willEnd = await bed.sim.events.trialWillEnd({ account: shop.account, subscription, deliver: false });
  const ended =
    end === "paid"
      ? await bed.sim.events.trialEnded({ account: shop.account, subscription, deliver: false })
      : await bed.sim.events.cancelSubscription({ account: shop.account, subscription, deliver: false });
  return { start, willEnd, ended };
}

describe("trials, by dates", () => {
  it("no period earns during the trial; the first paid one does", async () => {
    const shop = await lifecycleShop(bed, "dates");
    const start = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "dates-trial-live@example.com",
      amount: 5000,
      interval: "month",
      trialDays: 14,
      clientReferenceId: shop.visitorId,
    });
    const subscription = start.subscription!.id;
    await bed.sim.events.trialWillEnd({ account: shop.account, subscription });
    expect(await normalLedger(bed, shop)).toEqual(NOTHING);
    await bed.sim.events.trialEnded({ account: shop.account, subscription });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(period(5000, {}, { amount: 1000 })));

    await converges(
      bed,
      "dates",
      async (shop) => {
        const run = await trial(shop, { clientReferenceId: shop.visitorId }, "paid");
        return { phases: [events(run.start, run.willEnd, run.ended)] };
      },
      ledgerOf(period(5000, {}, { amount: 1000 })),
    );
  });

  it("the same with the affiliate's promotion code as the only hint", async () => {
    await converges(
      bed,
      "dates",
      async (shop) => {
        const code = `DTRIAL${shop.visitorId.slice(-5).toUpperCase()}`;
        await bed.db.update(affiliates).set({ couponCode: code }).where(eq(affiliates.id, shop.affiliate.id));
        await promotionCode(bed.stripe, shop.account, code);
        const run = await trial(shop, { promotionCode: code }, "paid");
        return { phases: [events(run.start, run.willEnd, run.ended)] };
      },
      ledgerOf(period(4000, { attribution: "coupon" }, { amount: 800 })),
    );
  });

  it("a trial whose first charge is declined waits; paid, its period earns; never paid, nothing", async () => {
    const run = async (shop: Shop, paid: boolean) => {
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `dates-trial-due-${shop.visitorId}@example.com`,
        amount: 5000,
        interval: "month",
        trialDays: 14,
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const subscription = start.subscription!.id;
      const ended = await bed.sim.events.trialEnded({
        account: shop.account,
        subscription,
        fail: true,
        deliver: false,
      });
      const later = async () => {
        if (paid)
          return (
            await bed.sim.events.payInvoice({
              account: shop.account,
              invoice: ended.invoice.id,
              deliver: false,
            })
          ).events;
        const stored = bed.sim.state.accounts.get(shop.account)!.subscriptions.get(subscription)!;
        Object.assign(stored, { status: "unpaid" });
        return [eventOf(shop.account, "customer.subscription.updated", stored)];
      };
      return { phases: [events(start, ended), later] };
    };
    await converges(bed, "dates", (shop) => run(shop, true), ledgerOf(period(5000, {}, { amount: 1000 })));
    await converges(
      bed,
      "dates",
      (shop) => run(shop, false),
      ledgerOf(
        period(5000, { paymentStatus: "failed", chargedAmount: null }, { amount: 0, status: "cancelled" }),
      ),
    );
  });

  it("a trial cancelled before any charge: nothing", async () => {
    await converges(
      bed,
      "dates",
      async (shop) => {
        const run = await trial(shop, { clientReferenceId: shop.visitorId }, "cancelled");
        return { phases: [events(run.start, run.willEnd, run.ended)] };
      },
      NOTHING,
    );
  });
});

/** A 3,000 monthly subscription whose second period's card is declined. */
async function declined(shop: Shop) {
  const start = await bed.sim.events.subscriptionStarted({
    account: shop.account,
    email: `dates-due-${shop.visitorId}@example.com`,
    amount: 3000,
    interval: "month",
    clientReferenceId: shop.visitorId,
    deliver: false,
  });
  const subscription = start.subscription!.id;
  const failed = await bed.sim.events.subscriptionRenewed({
    account: shop.account,
    subscription,
    fail: true,
    deliver: false,
  });
  return { start, subscription, failed };
}

describe("past due, by dates", () => {
  it("a past-due period waits on hold; its invoice paid, it earns", async () => {
    const shop = await lifecycleShop(bed, "dates");
    const run = await declined(shop);
    await deliverAll(bed, events(run.start, run.failed));
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(
        period(3000, {}, { amount: 600 }),
        period(
          3000,
          { attribution: "customer", paymentStatus: "awaiting", chargedAmount: null },
          { amount: 600, status: "on_hold", holdReason: "awaiting_payment" },
        ),
      ),
    );
    await bed.sim.events.payInvoice({ account: shop.account, invoice: run.failed.invoice.id });
    const paid = ledgerOf(
      period(3000, {}, { amount: 600 }),
      period(3000, { attribution: "customer" }, { amount: 600 }),
    );
    expect(await normalLedger(bed, shop)).toEqual(paid);

    await converges(
      bed,
      "dates",
      async (shop) => {
        const run = await declined(shop);
        const payment = await bed.sim.events.payInvoice({
          account: shop.account,
          invoice: run.failed.invoice.id,
          deliver: false,
        });
        return { phases: [events(run.start, run.failed, payment)] };
      },
      paid,
    );
  });

  it("a past-due period whose subscription goes unpaid never earns", async () => {
    const unpaid = async (shop: Shop, subscription: string) => {
      const stored = bed.sim.state.accounts.get(shop.account)!.subscriptions.get(subscription)!;
      Object.assign(stored, { status: "unpaid" });
      return [eventOf(shop.account, "customer.subscription.updated", stored)];
    };
    const shop = await lifecycleShop(bed, "dates");
    const run = await declined(shop);
    await deliverAll(bed, events(run.start, run.failed));
    await deliverAll(bed, await unpaid(shop, run.subscription));
    const expected = ledgerOf(
      period(3000, {}, { amount: 600 }),
      period(
        3000,
        { attribution: "customer", paymentStatus: "failed", chargedAmount: null },
        { amount: 0, status: "cancelled" },
      ),
    );
    expect(await normalLedger(bed, shop)).toEqual(expected);

    await converges(
      bed,
      "dates",
      async (shop) => {
        const run = await declined(shop);
        // Stripe gives up after its retries: the subscription is unpaid after the decline's events.
        return { phases: [events(run.start, run.failed), () => unpaid(shop, run.subscription)] };
      },
      expected,
    );
  });
});

describe("credit notes on a period's invoice, by dates", () => {
  it("out of band 600 of the second period's 3,000 leaves it 480", async () => {
    await converges(
      bed,
      "dates",
      async (shop) => {
        const start = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: `dates-note-${shop.visitorId}@example.com`,
          amount: 3000,
          interval: "month",
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        const subscription = start.subscription!.id;
        const renewed = await bed.sim.events.subscriptionRenewed({
          account: shop.account,
          subscription,
          deliver: false,
        });
        const note = await bed.sim.events.creditNote({
          account: shop.account,
          invoice: renewed.invoice.id,
          outOfBandAmount: 600,
          deliver: false,
        });
        return { phases: [events(start, renewed, note)] };
      },
      ledgerOf(
        period(3000, {}, { amount: 600 }),
        period(
          3000,
          { attribution: "customer", amountRefunded: 600, status: "partially_refunded" },
          { amount: 480 },
        ),
      ),
    );
  });
});

describe("refunds on a period's invoice, by dates", () => {
  it("adjust that period's commission only", async () => {
    await converges(
      bed,
      "dates",
      async (shop) => {
        const start = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: `dates-refund-${shop.visitorId}@example.com`,
          amount: 3000,
          interval: "month",
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        const subscription = start.subscription!.id;
        const renewed = await bed.sim.events.subscriptionRenewed({
          account: shop.account,
          subscription,
          deliver: false,
        });
        const refund = await bed.sim.events.refund({
          account: shop.account,
          invoice: renewed.invoice.id,
          amount: 1500,
          deliver: false,
        });
        const dispute = await bed.sim.events.dispute({
          account: shop.account,
          invoice: start.invoice!.id,
          amount: 1000,
          outcome: "lost",
          deliver: false,
        });
        return { phases: [events(start, renewed, refund, dispute)] };
      },
      ledgerOf(
        // half_up(20% × 3,000 × 2,000 / 3,000) = 400 after the 1,000 dispute lost.
        period(3000, { status: "disputed", disputeStatus: "lost" }, { amount: 400 }),
        // half_up(20% × 3,000 × 1,500 / 3,000) = 300.
        period(
          3000,
          { attribution: "customer", amountRefunded: 1500, status: "partially_refunded" },
          { amount: 300 },
        ),
      ),
    );
  });
});
