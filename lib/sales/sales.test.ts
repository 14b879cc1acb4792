import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertScriptPurchase } from "@/db/queries/tracking";
import { affiliates, commissions, purchases as purchasesTable, stripeEvents } from "@/db/schema";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { handleStripeWebhook } from "@/lib/stripe/webhooks/handle-request";
import { DEFAULT_WEBHOOK_SECRET } from "@/stripe-simulator";
import {
  connectedShop,
  expectDelivered,
  ledger,
  promotionCode,
  purchaseIdOf,
  setMerchant,
  trackedVisitor,
} from "./sales-testing";

/**
 * Sales from Stripe events, end to end below HTTP framing: the simulator builds and signs the
 * events Stripe would send, the real webhook handler verifies and processes them, and the
 * assertions read the ledger. Amounts follow the default plan: 20% of every payment.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

describe("one-off and subscription sales", () => {
  it("a tracked lead's one-off Checkout purchase is attributed by email", async () => {
    const shop = await connectedShop(bed);
    await trackedVisitor(bed, shop.merchantId, shop.affiliate.id, "lead1@example.com");
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: "Lead1@example.com",
        amount: 4999,
      }),
    );
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({
        amount: 4999,
        status: "completed",
        attribution: "email",
        affiliateId: shop.affiliate.id,
        livemode: false,
      }),
    ]);
    expect(commissions).toEqual([expect.objectContaining({ amount: 1000, status: "pending", kind: "sale" })]);
  });

  it("a client_reference_id sale is attributed by tracking id, even with no lead yet", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: "new@example.com",
        amount: 2500,
        clientReferenceId: visitorId,
      }),
    );
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({ amount: 2500, attribution: "tracking", affiliateId: shop.affiliate.id }),
    ]);
    expect(commissions.map((c) => c.amount)).toEqual([500]);
  });

  it("a coupon-only sale, with the affiliate's code typed in any case, earns on what was paid", async () => {
    const shop = await connectedShop(bed);
    await bed.db.update(affiliates).set({ couponCode: "MAYA20" }).where(eq(affiliates.id, shop.affiliate.id));
    await promotionCode(bed.stripe, shop.account, "MAYA20");
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: "c@example.com",
        amount: 3000,
        promotionCode: "maya20",
      }),
    );
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({ amount: 2400, attribution: "coupon", affiliateId: shop.affiliate.id }),
    ]);
    expect(commissions.map((c) => c.amount)).toEqual([480]);
  });

  it("a subscription renewed twice earns three commissions when tracked by transaction", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const start = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "sub@example.com",
      amount: 5000,
      interval: "month",
      clientReferenceId: visitorId,
    });
    expectDelivered(start);
    const subscription = start.subscription!.id;
    expectDelivered(await bed.sim.events.subscriptionRenewed({ account: shop.account, subscription }));
    expectDelivered(await bed.sim.events.subscriptionRenewed({ account: shop.account, subscription }));
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases.map((p) => [p.amount, p.attribution])).toEqual([
      [5000, "tracking"],
      [5000, "customer"],
      [5000, "customer"],
    ]);
    expect(commissions.map((c) => [c.amount, c.kind])).toEqual([
      [1000, "sale"],
      [1000, "sale"],
      [1000, "sale"],
    ]);
  });

  it("a Checkout payment with a post-purchase invoice is one sale, whichever event comes first", async () => {
    for (let round = 0; round < 3; round++) {
      const shop = await connectedShop(bed);
      const { visitorId, leadId } = await trackedVisitor(
        bed,
        shop.merchantId,
        shop.affiliate.id,
        `invoiced${round}@example.com`,
      );
      const sale = await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: `invoiced${round}@example.com`,
        amount: 3000,
        clientReferenceId: visitorId,
        invoiceCreation: true,
        deliver: false,
      });
      // The thank-you page reported it first, by its Checkout Session.
      const script = await insertScriptPurchase(bed.db, {
        merchantId: shop.merchantId,
        purchaseCode: sale.session.id,
        email: `invoiced${round}@example.com`,
        amount: 3000,
        currency: "usd",
        leadId: leadId!,
        affiliateId: shop.affiliate.id,
      });
      const events = sale.events;
      const order = round === 0 ? events : round === 1 ? [...events].reverse() : shuffle(events, 7);
      for (const event of order) expect((await bed.sim.deliver(event)).status).toBe(200);
      const { purchases, commissions } = await ledger(bed, shop.merchantId);
      expect(purchases).toEqual([
        expect.objectContaining({ amount: 3000, status: "completed", attribution: "tracking" }),
      ]);
      expect(commissions).toEqual([expect.objectContaining({ amount: 600, kind: "sale" })]);
      // The site's own row, now verified: the same purchase, not a second one.
      expect(await purchaseIdOf(bed, purchases[0]!.stripeId)).toBe(script!.id);
    }
  });

  it("a purchase recorded under another id of the same payment is found, not counted again", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const sale = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "keyed-before@example.com",
      amount: 2000,
      clientReferenceId: visitorId,
      invoiceCreation: true,
      deliver: false,
    });
    // Recorded from its invoice alone, keyed by the invoice and with no payment linked.
    const invoicePaid = sale.events.find((e) => e.type === "invoice.paid")!;
    expect((await bed.sim.deliver(invoicePaid)).status).toBe(200);
    await bed.db
      .update(purchasesTable)
      .set({ stripeId: sale.invoice!.id, stripePaymentIntentId: null, stripeChargeId: null })
      .where(eq(purchasesTable.merchantId, shop.merchantId));
    const refund = await bed.sim.events.refund({
      account: shop.account,
      charge: sale.charge!.id,
      amount: 500,
    });
    expectDelivered(refund);
    for (const event of sale.events) expect((await bed.sim.deliver(event)).status).toBe(200);
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({
        stripeId: sale.invoice!.id,
        amountRefunded: 500,
        status: "partially_refunded",
      }),
    ]);
    expect(commissions.map((c) => c.amount)).toEqual([300]);
  });

  it("an unattributed sale is recorded without commission; a self-referral earns nothing", async () => {
    const shop = await connectedShop(bed);
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: "stranger@example.com",
        amount: 1000,
      }),
    );
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: shop.affiliate.email.toUpperCase(),
        amount: 1000,
        clientReferenceId: visitorId,
      }),
    );
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases.map((p) => [p.attribution, p.selfReferral])).toEqual([
      [null, false],
      ["tracking", true],
    ]);
    expect(commissions).toEqual([]);
  });

  it("a purchase the site reported with recordPurchase is verified in place by Stripe's event", async () => {
    const shop = await connectedShop(bed);
    const { leadId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id, "script@example.com");
    const sale = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "script@example.com",
      amount: 1500,
      deliver: false,
    });
    // The thank-you page reported it first, by its Checkout Session id, without the tracking id in Checkout.
    const script = await insertScriptPurchase(bed.db, {
      merchantId: shop.merchantId,
      purchaseCode: sale.session.id,
      email: "script@example.com",
      amount: 1500,
      currency: "usd",
      leadId: leadId!,
      affiliateId: shop.affiliate.id,
    });
    expect((await ledger(bed, shop.merchantId)).purchases).toEqual([
      expect.objectContaining({ status: "unverified" }),
    ]);
    for (const event of sale.events) expect((await bed.sim.deliver(event)).status).toBe(200);
    const { purchases, commissions } = await ledger(bed, shop.merchantId);
    expect(purchases).toEqual([
      expect.objectContaining({
        amount: 1500,
        status: "completed",
        affiliateId: shop.affiliate.id,
        livemode: false,
      }),
    ]);
    expect(purchases[0]!.stripeId).toBe(sale.session.payment_intent);
    expect(commissions.map((c) => c.amount)).toEqual([300]);
    // The site's own row, now verified: the same purchase, not a second one.
    expect(await purchaseIdOf(bed, purchases[0]!.stripeId)).toBe(script!.id);
  });

  it("a subscription the site reported under its Checkout Session is verified by its first invoice", async () => {
    for (const byDates of [false, true]) {
      const shop = await connectedShop(bed);
      await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: !byDates });
      const { leadId } = await trackedVisitor(
        bed,
        shop.merchantId,
        shop.affiliate.id,
        "sub-script@example.com",
      );
      const sale = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: "sub-script@example.com",
        amount: 2500,
        interval: "month",
        deliver: false,
      });
      const script = await insertScriptPurchase(bed.db, {
        merchantId: shop.merchantId,
        purchaseCode: sale.session.id,
        email: "sub-script@example.com",
        amount: 2500,
        currency: "usd",
        leadId: leadId!,
        affiliateId: shop.affiliate.id,
      });
      for (const event of sale.events) expect((await bed.sim.deliver(event)).status).toBe(200);
      const { purchases, commissions } = await ledger(bed, shop.merchantId);
      expect(purchases).toEqual([
        expect.objectContaining({
          // By dates, the sale is the subscription's first billing period.
          stripeId: byDates ? `${sale.subscription!.id}:${sale.subscription!.start_date}` : sale.invoice!.id,
          status: "completed",
          affiliateId: shop.affiliate.id,
        }),
      ]);
      expect(commissions.map((c) => c.amount)).toEqual([500]);
      // The site's own row, now verified: the same purchase, not a second one.
      expect(await purchaseIdOf(bed, purchases[0]!.stripeId)).toBe(script!.id);
    }
  });

  it("live-mode and test-mode sales are marked as such", async () => {
    const live = await connectedShop(bed, { mode: "live" });
    const { visitorId } = await trackedVisitor(bed, live.merchantId, live.affiliate.id);
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: live.account,
        email: "l@example.com",
        amount: 1000,
        clientReferenceId: visitorId,
      }),
    );
    const { purchases } = await ledger(bed, live.merchantId);
    expect(purchases.map((p) => p.livemode)).toEqual([true]);
  });
});

describe("refunds and disputes", () => {
  async function sale(amount = 10_000) {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const result = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "r@example.com",
      amount,
      clientReferenceId: visitorId,
    });
    expectDelivered(result);
    return { shop, charge: result.charge!.id };
  }

  it("a partial refund reduces the commission pro rata; a full refund cancels it", async () => {
    const { shop, charge } = await sale();
    expectDelivered(await bed.sim.events.refund({ account: shop.account, charge, amount: 2500 }));
    let state = await ledger(bed, shop.merchantId);
    expect(state.purchases[0]).toMatchObject({ status: "partially_refunded", amountRefunded: 2500 });
    expect(state.commissions).toEqual([expect.objectContaining({ amount: 1500, status: "pending" })]);
    expectDelivered(await bed.sim.events.refund({ account: shop.account, charge }));
    state = await ledger(bed, shop.merchantId);
    expect(state.purchases[0]).toMatchObject({ status: "refunded", amountRefunded: 10_000 });
    expect(state.commissions).toEqual([expect.objectContaining({ amount: 0, status: "cancelled" })]);
  });

  it("a refund after payout claws back the paid commission", async () => {
    const { shop, charge } = await sale();
    // The merchant paid the affiliate (payouts mark commissions paid).
    await bed.db
      .update(commissions)
      .set({ status: "paid" })
      .where(eq(commissions.merchantId, shop.merchantId));
    expectDelivered(await bed.sim.events.refund({ account: shop.account, charge, amount: 4000 }));
    expectDelivered(await bed.sim.events.refund({ account: shop.account, charge }));
    const { commissions: rows } = await ledger(bed, shop.merchantId);
    expect(rows.map((c) => [c.kind, c.amount, c.status])).toEqual([
      ["sale", 2000, "paid"],
      ["clawback", -800, "due"],
      ["clawback", -1200, "due"],
    ]);
  });

  it("a dispute holds the commission; lost claws it back, won restores it", async () => {
    const lost = await sale();
    expectDelivered(await bed.sim.events.dispute({ account: lost.shop.account, charge: lost.charge }));
    let state = await ledger(bed, lost.shop.merchantId);
    expect(state.purchases[0]!.status).toBe("disputed");
    // Opened and funds withdrawn at once, as Stripe does for a chargeback: held, clawed back.
    expect(state.commissions).toEqual([expect.objectContaining({ amount: 0, status: "on_hold" })]);
    const dispute = bed.sim.state.accounts.get(lost.shop.account)!.disputes.values().next().value!.id;
    expectDelivered(
      await bed.sim.events.closeDispute({ account: lost.shop.account, dispute, outcome: "lost" }),
    );
    state = await ledger(bed, lost.shop.merchantId);
    expect(state.commissions).toEqual([expect.objectContaining({ amount: 0, status: "cancelled" })]);

    const won = await sale();
    expectDelivered(
      await bed.sim.events.dispute({ account: won.shop.account, charge: won.charge, outcome: "won" }),
    );
    state = await ledger(bed, won.shop.merchantId);
    expect(state.purchases[0]!.status).toBe("completed");
    expect(state.commissions).toEqual([expect.objectContaining({ amount: 2000, status: "pending" })]);
  });
});

// Subscriptions tracked by start/end dates: lib/sales/dates-mode.test.ts.

describe("scheduled work", () => {
  it("moves commissions from pending to due when their hold ends, and never back", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    expectDelivered(
      await bed.sim.events.checkoutPayment({
        account: shop.account,
        email: "h@example.com",
        amount: 1000,
        clientReferenceId: visitorId,
      }),
    );
    const { runScheduledWork } = await import("@/lib/sales/scheduled-work");
    await runScheduledWork(bed.db, new Date(Date.now() + 29 * 86_400_000));
    expect((await ledger(bed, shop.merchantId)).commissions.map((c) => c.status)).toEqual(["pending"]);
    await runScheduledWork(bed.db, new Date(Date.now() + 31 * 86_400_000));
    expect((await ledger(bed, shop.merchantId)).commissions.map((c) => c.status)).toEqual(["due"]);
  });
});

describe("delivery guarantees", () => {
  it("the same event delivered 50 times at once yields one purchase and one commission", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const { events } = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "x@example.com",
      amount: 1000,
      clientReferenceId: visitorId,
      deliver: false,
    });
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const answers = await Promise.all(Array.from({ length: 50 }, () => bed.sim.deliver(completed)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const { purchases, commissions: rows } = await ledger(bed, shop.merchantId);
    expect(purchases).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(await bed.db.select().from(stripeEvents).where(eq(stripeEvents.id, completed.id))).toHaveLength(1);
  });

  it("a database failure mid-event answers 5xx and stores nothing; the redelivery then succeeds", async () => {
    const shop = await connectedShop(bed);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const { events } = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "f@example.com",
      amount: 1000,
      clientReferenceId: visitorId,
      deliver: false,
    });
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    // The purchase row is written, then the commission insert fails, as a full disk would.
    await bed.db.execute(
      sql`create function leadtrail_test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`,
    );
    await bed.db.execute(
      sql`create trigger leadtrail_test_fail before insert on commissions for each row execute function leadtrail_test_fail()`,
    );
    try {
      expect((await bed.sim.deliver(completed)).status).toBe(500);
      expect(await ledger(bed, shop.merchantId)).toEqual({ purchases: [], commissions: [] });
      expect(await bed.db.select().from(stripeEvents).where(eq(stripeEvents.id, completed.id))).toEqual([]);
    } finally {
      await bed.db.execute(sql`drop trigger leadtrail_test_fail on commissions`);
      await bed.db.execute(sql`drop function leadtrail_test_fail()`);
    }
    expect((await bed.sim.deliver(completed)).status).toBe(200);
    const { purchases, commissions: rows } = await ledger(bed, shop.merchantId);
    expect(purchases).toHaveLength(1);
    expect(rows.map((c) => c.amount)).toEqual([200]);
  });

  it("every event of many sales delivered at once is accepted first time, with an exact ledger", async () => {
    for (let round = 0; round < 3; round++) {
      const shop = await connectedShop(bed);
      const events = [];
      for (let i = 0; i < 16; i++) {
        const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
        const base = { account: shop.account, email: `many${i}@example.com`, clientReferenceId: visitorId };
        const sale =
          i % 2 === 0
            ? await bed.sim.events.checkoutPayment({ ...base, amount: 1000, deliver: false })
            : await bed.sim.events.subscriptionStarted({
                ...base,
                amount: 2000,
                interval: "month",
                deliver: false,
              });
        events.push(...sale.events);
        if (i % 4 === 0) {
          const refund = await bed.sim.events.refund({
            account: shop.account,
            charge: sale.charge!.id,
            amount: 500,
            deliver: false,
          });
          events.push(...refund.events);
        }
      }
      // A sale's events arrive together, as Stripe sends them: none may fail (a deadlock would).
      const answers = await Promise.all(events.map((e) => bed.sim.deliver(e)));
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      const { purchases, commissions: rows } = await ledger(bed, shop.merchantId);
      expect(purchases).toHaveLength(16);
      expect(purchases.filter((p) => p.status === "partially_refunded")).toHaveLength(4);
      expect(rows.map((c) => c.amount).sort((a, b) => a - b)).toEqual([
        ...Array(4).fill(100),
        ...Array(4).fill(200),
        ...Array(8).fill(400),
      ]);
    }
  });

  it("a scenario's events converge to the same ledger in any order", async () => {
    const ledgers: unknown[] = [];
    for (let round = 0; round < 4; round++) {
      const shop = await connectedShop(bed);
      const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: "o@example.com",
        amount: 2000,
        interval: "month",
        clientReferenceId: visitorId,
        deliver: false,
      });
      const refund = await bed.sim.events.refund({
        account: shop.account,
        invoice: start.invoice!.id,
        amount: 500,
        deliver: false,
      });
      const events = [...start.events, ...refund.events];
      const order = round === 0 ? events : round === 1 ? [...events].reverse() : shuffle(events, round);
      // Deliver until all are accepted, as Stripe retries any that fail.
      for (let pending = order; pending.length; ) {
        const answers = await Promise.all(pending.map((e) => bed.sim.deliver(e)));
        pending = pending.filter((_, i) => answers[i]!.status !== 200);
      }
      const state = await ledger(bed, shop.merchantId);
      ledgers.push({
        purchases: state.purchases.map(({ stripeId: _s, affiliateId: _a, ...rest }) => rest),
        commissions: state.commissions.map(({ purchase: _p, ...rest }) => rest),
      });
    }
    expect(ledgers[0]).toMatchObject({
      purchases: [
        { amount: 2000, amountRefunded: 500, status: "partially_refunded", attribution: "tracking" },
      ],
      commissions: [{ amount: 300, status: "pending", kind: "sale" }],
    });
    for (const other of ledgers.slice(1)) expect(other).toEqual(ledgers[0]);
  });
});

describe("Stripe reads", () => {
  it("happen before an event's transaction opens, never inside it", async () => {
    // The handler under test, given a database whose transactions count the API calls made in them.
    let insideTransactions = 0;
    const requests = () => bed.sim.state.requests.length;
    const watched = new Proxy(bed.db, {
      get(target, property, receiver) {
        if (property !== "transaction") return Reflect.get(target, property, receiver);
        return (run: (tx: unknown) => Promise<unknown>) =>
          target.transaction(async (tx) => {
            const before = requests();
            try {
              return await run(tx);
            } finally {
              insideTransactions += requests() - before;
            }
          });
      },
    });
    const deliver = async (events: { id: string }[]) => {
      for (const event of events) {
        const body = JSON.stringify(event);
        const signature = bed.stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: DEFAULT_WEBHOOK_SECRET,
        });
        const answer = await handleStripeWebhook(
          watched,
          { body, signature },
          { stripe: bed.stripe, webhookSecret: DEFAULT_WEBHOOK_SECRET },
        );
        expect(answer.status).toBe(200);
      }
    };
    const before = requests();
    for (const byDates of [false, true]) {
      const shop = await connectedShop(bed);
      await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: !byDates });
      const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
      const base = { account: shop.account, clientReferenceId: visitorId, deliver: false };
      const oneOff = await bed.sim.events.checkoutPayment({ ...base, email: "r1@example.com", amount: 900 });
      const invoiced = await bed.sim.events.checkoutPayment({
        ...base,
        email: "r2@example.com",
        amount: 900,
        invoiceCreation: true,
      });
      const started = await bed.sim.events.subscriptionStarted({
        ...base,
        email: "r3@example.com",
        amount: 2000,
        interval: "month",
      });
      const subscription = started.subscription!.id;
      // A refund and a dispute first, as if their sales' own events were late; then the rest.
      await deliver(
        (
          await bed.sim.events.refund({
            account: shop.account,
            charge: oneOff.charge!.id,
            amount: 100,
            deliver: false,
          })
        ).events,
      );
      await deliver(
        (await bed.sim.events.dispute({ account: shop.account, charge: invoiced.charge!.id, deliver: false }))
          .events,
      );
      await deliver([...oneOff.events, ...invoiced.events, ...started.events]);
      // The setting changes; the subscription keeps the mode it started with.
      await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: byDates });
      await deliver(
        (await bed.sim.events.subscriptionRenewed({ account: shop.account, subscription, deliver: false }))
          .events,
      );
      await deliver(
        (await bed.sim.events.cancelSubscription({ account: shop.account, subscription, deliver: false }))
          .events,
      );
      // Two one-off sales and two subscription sales: its invoices, or its billing periods.
      expect((await ledger(bed, shop.merchantId)).purchases).toHaveLength(4);
    }
    expect(requests() - before).toBeGreaterThan(10);
    expect(insideTransactions).toBe(0);
  });
});

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed * 7919;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 48271) % 2147483647;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
