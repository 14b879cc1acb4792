import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { affiliates, purchases, visitors } from "@/db/schema";
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
 * Stripe's lifecycles of a sale (SPEC §5 "Stripe's real lifecycles"), through the real webhook
 * route, with subscriptions tracked by transaction: trials, async payments, captures and the
 * attribution window. Each scenario's events come out the same in Stripe's order, reversed and
 * in 20 shuffles with every event delivered twice. The default plan: 20% of every payment.
 * Refunds, disputes, credit notes and payouts: lifecycles-money.test.ts; dates mode:
 * lifecycles-dates.test.ts.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const DAY = 86_400;
const events = (...results: { events: SimEvent[] }[]) => results.flatMap((r) => r.events);

/** A 14-day trial started through Checkout, ended with the first paid cycle. */
async function trialThenPaid(shop: Shop, hint: { clientReferenceId?: string; promotionCode?: string }) {
  const start = await bed.sim.events.subscriptionStarted({
    account: shop.account,
    email: `trial-${shop.visitorId}@example.com`,
    amount: 5000,
    interval: "month",
    trialDays: 14,
    ...hint,
    deliver: false,
  });
  const subscription = start.subscription!.id;
  const willEnd = await bed.sim.events.trialWillEnd({ account: shop.account, subscription, deliver: false });
  const ended = await bed.sim.events.trialEnded({ account: shop.account, subscription, deliver: false });
  return { start, ended, events: events(start, willEnd, ended) };
}

async function affiliateCoupon(shop: Shop, code: string) {
  await bed.db.update(affiliates).set({ couponCode: code }).where(eq(affiliates.id, shop.affiliate.id));
  await promotionCode(bed.stripe, shop.account, code);
}

describe("trials", () => {
  it("the trial's $0 invoice and session earn nothing; live, step by step", async () => {
    const shop = await lifecycleShop(bed);
    const start = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "trial-live@example.com",
      amount: 5000,
      interval: "month",
      trialDays: 14,
      clientReferenceId: shop.visitorId,
    });
    expect(start.invoice!.amount_paid).toBe(0);
    expect(start.session.payment_status).toBe("no_payment_required");
    expect(await normalLedger(bed, shop)).toEqual(NOTHING);
    const subscription = start.subscription!.id;
    await bed.sim.events.trialWillEnd({ account: shop.account, subscription });
    expect(await normalLedger(bed, shop)).toEqual(NOTHING);
    const ended = await bed.sim.events.trialEnded({ account: shop.account, subscription });
    expect(ended.invoice.billing_reason).toBe("subscription_cycle");
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(sale(5000, { source: "invoice" }, { amount: 1000 })),
    );
  });

  it("the first paid invoice after the trial is attributed by the Checkout tracking id", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => ({
        phases: [(await trialThenPaid(shop, { clientReferenceId: shop.visitorId })).events],
      }),
      ledgerOf(sale(5000, { source: "invoice" }, { amount: 1000 })),
    );
  });

  it("the same with the affiliate's promotion code as the only hint", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const code = `TRIAL${shop.visitorId.slice(-5).toUpperCase()}`;
        await affiliateCoupon(shop, code);
        return { phases: [(await trialThenPaid(shop, { promotionCode: code.toLowerCase() })).events] };
      },
      // 20% off 5,000 is 4,000 paid; 20% of it.
      ledgerOf(sale(4000, { source: "invoice", attribution: "coupon" }, { amount: 800 })),
    );
  });

  it("a trial cancelled before any charge earns nothing", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const start = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: "cancelled-trial@example.com",
          amount: 5000,
          interval: "month",
          trialDays: 14,
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        const cancelled = await bed.sim.events.cancelSubscription({
          account: shop.account,
          subscription: start.subscription!.id,
          deliver: false,
        });
        return { phases: [events(start, cancelled)] };
      },
      NOTHING,
    );
  });
});

describe("declined renewals, by transaction", () => {
  it("a declined renewal is nothing until its invoice is paid; then it is one more sale", async () => {
    const run = async (shop: Shop, paid: boolean) => {
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `declined-${shop.visitorId}@example.com`,
        amount: 5000,
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
      const payment = paid
        ? await bed.sim.events.payInvoice({
            account: shop.account,
            invoice: failed.invoice.id,
            deliver: false,
          })
        : { events: [] };
      return { phases: [events(start, failed, payment)] };
    };
    const first = sale(5000, { source: "invoice" }, { amount: 1000 });
    await converges(bed, "transaction", (shop) => run(shop, false), ledgerOf(first));
    await converges(
      bed,
      "transaction",
      (shop) => run(shop, true),
      ledgerOf(first, sale(5000, { source: "invoice", attribution: "customer" }, { amount: 1000 })),
    );
  });
});

describe("async payments", () => {
  /** A bank debit through Checkout that settles four days later (Stripe dates its events then). */
  async function bankDebit(shop: Shop, outcome: "succeeded" | "failed") {
    const checkout = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "ach@example.com",
      amount: 4000,
      clientReferenceId: shop.visitorId,
      async: true,
      deliver: false,
    });
    const settled = await bed.sim.events.settleAsyncPayment({
      account: shop.account,
      session: checkout.session.id,
      outcome,
      deliver: false,
    });
    const settledAt = checkout.session.created + 4 * DAY;
    for (const event of settled.events) event.created = settledAt;
    return { checkout, settled, settledAt };
  }

  it("completed unpaid is no purchase; settled, one purchase dated at settlement", async () => {
    const shop = await lifecycleShop(bed);
    const { checkout, settled, settledAt } = await bankDebit(shop, "succeeded");
    const completed = checkout.events.find((e) => e.type === "checkout.session.completed")!;
    expect(
      (completed as unknown as { data: { object: { payment_status: string } } }).data.object.payment_status,
    ).toBe("unpaid");
    await deliverAll(bed, checkout.events);
    expect(await normalLedger(bed, shop)).toEqual(NOTHING);
    await deliverAll(bed, settled.events);
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(sale(4000, {}, { amount: 800 })));

    let at = 0;
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const debit = await bankDebit(shop, "succeeded");
        at = debit.settledAt;
        return { phases: [events(debit.checkout, debit.settled)] };
      },
      ledgerOf(sale(4000, {}, { amount: 800 })),
      {
        check: async (shop) => {
          const [row] = await bed.db
            .select()
            .from(purchases)
            .where(eq(purchases.merchantId, shop.merchantId));
          expect(row!.createdAt.getTime()).toBe(at * 1000);
        },
      },
    );
    expect(settledAt).toBeGreaterThan(checkout.session.created);
  });

  it("an async payment that fails is never a purchase", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const debit = await bankDebit(shop, "failed");
        return { phases: [events(debit.checkout, debit.settled)] };
      },
      NOTHING,
    );
  });
});

describe("authorise now, capture later", () => {
  async function authorised(shop: Shop) {
    return bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "auth@example.com",
      amount: 8000,
      clientReferenceId: shop.visitorId,
      captureMethod: "manual",
      deliver: false,
    });
  }

  it("a partial capture earns on the captured amount; the released rest is no refund", async () => {
    const shop = await lifecycleShop(bed);
    const auth = await authorised(shop);
    await deliverAll(bed, auth.events);
    expect(await normalLedger(bed, shop)).toEqual(NOTHING);
    const capture = await bed.sim.events.captureCharge({
      account: shop.account,
      charge: auth.charge!.id,
      amount: 6000,
    });
    expect(capture.charge.amount_refunded).toBe(2000);
    // 20% of 6,000, never of the 8,000 authorised.
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(sale(6000, {}, { amount: 1200 })));
    await bed.sim.events.refund({ account: shop.account, charge: auth.charge!.id, amount: 1000 });
    // half_up(20% × 6,000 × 5,000 / 6,000) = 1,000.
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(sale(6000, { amountRefunded: 1000, status: "partially_refunded" }, { amount: 1000 })),
    );
  });

  it("capture 6,000 of 8,000 then refund 1,000, in any order", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const auth = await authorised(shop);
        const charge = auth.charge!.id;
        const capture = await bed.sim.events.captureCharge({
          account: shop.account,
          charge,
          amount: 6000,
          deliver: false,
        });
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 1000,
          deliver: false,
        });
        return { phases: [events(auth, capture, refund)] };
      },
      ledgerOf(sale(6000, { amountRefunded: 1000, status: "partially_refunded" }, { amount: 1000 })),
    );
  });

  it("a capture alone, in any order: 6,000 earns 1,200 and nothing is refunded", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const auth = await authorised(shop);
        const capture = await bed.sim.events.captureCharge({
          account: shop.account,
          charge: auth.charge!.id,
          amount: 6000,
          deliver: false,
        });
        return { phases: [events(auth, capture)] };
      },
      ledgerOf(sale(6000, {}, { amount: 1200 })),
    );
  });

  it("the released rest is no refund, even reported by refund events of its own", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const auth = await authorised(shop);
        const charge = auth.charge!.id;
        const capture = await bed.sim.events.captureCharge({
          account: shop.account,
          charge,
          amount: 6000,
          deliver: false,
        });
        // The release is a refund object of its own; its events must not count it.
        const release = ["refund.created", "charge.refund.updated"].map((type) =>
          eventOf(shop.account, type, capture.release!),
        );
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 1000,
          deliver: false,
        });
        return { phases: [[...events(auth, capture), ...release, ...refund.events]] };
      },
      // Only the customer's 1,000 refund counts: half_up(20% × 5,000).
      ledgerOf(sale(6000, { amountRefunded: 1000, status: "partially_refunded" }, { amount: 1000 })),
    );
  });

  it("an authorisation that expires uncaptured is nothing", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const auth = await authorised(shop);
        const expired = await bed.sim.events.expireCharge({
          account: shop.account,
          charge: auth.charge!.id,
          deliver: false,
        });
        return { phases: [events(auth, expired)] };
      },
      NOTHING,
    );
  });
});

describe("the attribution window", () => {
  it("a tracking id credited 90 days ago, with a 60-day window, earns nothing by tracking", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        await bed.db
          .update(visitors)
          .set({ affiliateAt: new Date(Date.now() - 90 * DAY * 1000) })
          .where(eq(visitors.id, shop.visitorId));
        const sold = await bed.sim.events.checkoutPayment({
          account: shop.account,
          email: "late@example.com",
          amount: 5000,
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        return { phases: [sold.events] };
      },
      ledgerOf(sale(5000, { attribution: null, affiliate: false })),
    );
  });
});
