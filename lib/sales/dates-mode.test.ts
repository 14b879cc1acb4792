import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertSubscription } from "@/db/queries/subscriptions";
import { affiliates, commissions, purchases } from "@/db/schema";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { API_VERSION, type Invoice, type Subscription } from "@/stripe-simulator";
import { connectedShop, expectDelivered, promotionCode, setMerchant, trackedVisitor } from "./sales-testing";
import { anchoredPeriodStart, anchoredPeriodStarts } from "./stripe-facts";
import { accrueAllSubscriptionPeriods } from "./subscriptions";

/**
 * Subscriptions tracked by start/end dates (docs/ledger.md): each billing period is a purchase
 * with its own commission, through the real webhook path. Amounts follow the default plan, 20%
 * of every payment. Each scenario runs in order and then with every step's events shuffled and
 * delivered twice, and must come out the same.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const DAY = 86_400;
type SimEvent = { id: string; type: string };

async function datesShop() {
  const shop = await connectedShop(bed);
  await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: false });
  const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
  return { ...shop, visitorId };
}

/** The simulator's stored objects: what the API answers, edited for states it cannot produce yet. */
const storedSubscription = (account: string, id: string) =>
  bed.sim.state.accounts.get(account)!.subscriptions.get(id)! as Subscription & Record<string, unknown>;
/** Statuses the simulator cannot reach yet (past due, unpaid, paused), set on its object. */
const setStatus = (sub: Subscription, status: string) => Object.assign(sub, { status });
const storedInvoice = (account: string, id: string) => bed.sim.state.accounts.get(account)!.invoices.get(id)!;

/** An event as Stripe would send it, for a state set on the stored objects. */
function eventOf(account: string, type: string, object: object): SimEvent {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    account,
    api_version: API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as SimEvent;
}

/**
 * Delivers one step's events: in order (seed 0), or shuffled with each delivered twice, as
 * Stripe may; every delivery must be accepted.
 */
async function deliver(events: SimEvent[], seed: number) {
  const order = seed === 0 ? events : shuffle([...events, ...events], seed);
  for (const event of order) {
    const answer = await bed.sim.deliver(event);
    if (answer.status !== 200) throw new Error(`${event.type}: ${answer.status} ${answer.body}`);
  }
}

/** The periods as purchases with their commissions, in plain terms, oldest first. */
async function periods(merchantId: string) {
  const rows = await bed.db
    .select({
      stripeId: purchases.stripeId,
      start: purchases.createdAt,
      amount: purchases.amount,
      paymentStatus: purchases.paymentStatus,
      invoice: purchases.stripeInvoiceId,
      paymentIntent: purchases.stripePaymentIntentId,
      chargedAmount: purchases.chargedAmount,
      attribution: purchases.attribution,
      commission: commissions.amount,
      commissionStatus: commissions.status,
      holdReason: commissions.holdReason,
    })
    .from(purchases)
    .leftJoin(
      commissions,
      and(eq(commissions.merchantId, purchases.merchantId), eq(commissions.purchaseId, purchases.id)),
    )
    .where(and(eq(purchases.merchantId, merchantId), eq(purchases.source, "subscription_period")))
    .orderBy(asc(purchases.createdAt));
  return rows;
}

/** A ledger independent of ids and of the seconds each run started at, to compare runs. */
async function comparable(merchantId: string) {
  const rows = await periods(merchantId);
  const first = rows[0]?.start.getTime() ?? 0;
  return rows.map(({ stripeId: _s, invoice, paymentIntent, start, ...rest }) => ({
    ...rest,
    day: Math.round((start.getTime() - first) / (DAY * 1000)),
    linked: !!invoice && !!paymentIntent,
  }));
}

/** Runs a scenario in order and under three shuffles; all four ledgers must be equal. */
async function converges(scenario: (seed: number) => Promise<string>) {
  const ledgers = [];
  for (const seed of [0, 1, 2, 3]) ledgers.push(await comparable(await scenario(seed)));
  for (const other of ledgers.slice(1)) expect(other).toEqual(ledgers[0]);
  return ledgers[0]!;
}

const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe("billing periods follow the anchor's day of the month", () => {
  it("Jan 31 → Feb 28 → Mar 31 → Apr 30, a leap February, a year and weeks", () => {
    const jan31 = new Date("2027-01-31T10:00:00Z");
    const days = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10));
    const starts = anchoredPeriodStarts(jan31, "month", 1, jan31, new Date("2027-06-01T00:00:00Z"));
    expect(days(starts)).toEqual(["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]);
    expect(anchoredPeriodStart(jan31, "month", 1, 1).toISOString()).toBe("2027-02-28T10:00:00.000Z");
    expect(days([anchoredPeriodStart(new Date("2028-01-31T00:00:00Z"), "month", 1, 1)])).toEqual([
      "2028-02-29",
    ]);
    expect(days([anchoredPeriodStart(new Date("2028-02-29T00:00:00Z"), "year", 1, 1)])).toEqual([
      "2029-02-28",
    ]);
    expect(days([anchoredPeriodStart(new Date("2028-02-29T00:00:00Z"), "year", 1, 4)])).toEqual([
      "2032-02-29",
    ]);
    expect(days(anchoredPeriodStarts(jan31, "month", 3, jan31, new Date("2027-12-31T00:00:00Z")))).toEqual([
      "2027-04-30",
      "2027-07-31",
      "2027-10-31",
    ]);
    expect(
      days(anchoredPeriodStarts(jan31, "week", 2, new Date("2027-02-20T00:00:00Z"), new Date("2027-03-20"))),
    ).toEqual(["2027-02-28", "2027-03-14"]);
    // Far from the anchor, only the periods in range come back (none skipped, none before).
    const later = anchoredPeriodStarts(jan31, "month", 1, new Date("2037-01-01"), new Date("2037-04-01"));
    expect(days(later)).toEqual(["2037-01-31", "2037-02-28", "2037-03-31"]);
  });

  it("a subscription anchored on Jan 31 records periods on Feb 28 and Mar 31, not Mar 28", async () => {
    const shop = await datesShop();
    const start = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "anchored@example.com",
      amount: 3000,
      interval: "month",
      clientReferenceId: shop.visitorId,
      deliver: false,
    });
    const sub = storedSubscription(shop.account, start.subscription!.id);
    const anchor = toSeconds(new Date("2027-01-31T10:00:00Z"));
    Object.assign(sub, { created: anchor, start_date: anchor, billing_cycle_anchor: anchor });
    Object.assign(sub.items.data[0]!, {
      current_period_start: anchor,
      current_period_end: toSeconds(new Date("2027-02-28T10:00:00Z")),
    });
    await deliver([eventOf(shop.account, "customer.subscription.created", sub)], 0);
    await accrueAllSubscriptionPeriods(bed.db, new Date("2027-04-15T00:00:00Z"));
    const rows = await periods(shop.merchantId);
    expect(rows.map((r) => r.start.toISOString())).toEqual([
      "2027-01-31T10:00:00.000Z",
      "2027-02-28T10:00:00.000Z",
      "2027-03-31T10:00:00.000Z",
    ]);
    expect(rows.map((r) => r.stripeId)).toEqual(
      ["2027-01-31", "2027-02-28", "2027-03-31"].map(
        (d) => `${sub.id}:${toSeconds(new Date(`${d}T10:00:00Z`))}`,
      ),
    );
    expect(rows.map((r) => [r.amount, r.commission, r.commissionStatus])).toEqual([
      [3000, 600, "pending"],
      [3000, 600, "pending"],
      [3000, 600, "pending"],
    ]);
    // The scheduled pass again, and once more later than the first: nothing twice.
    await accrueAllSubscriptionPeriods(bed.db, new Date("2027-04-15T00:00:00Z"));
    expect(await periods(shop.merchantId)).toHaveLength(3);
  });
});

describe("each billing period is a purchase with its own commission", () => {
  it("a monthly subscription renewed twice: three periods at its price, each linked to its invoice", async () => {
    let subscriptionId = "";
    const ledger = await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `renewed-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const subscription = start.subscription!.id;
      await deliver(start.events, seed);
      const renewals = [];
      for (let i = 0; i < 2; i++) {
        const renewal = await bed.sim.events.subscriptionRenewed({
          account: shop.account,
          subscription,
          deliver: false,
        });
        renewals.push(renewal);
        await deliver(renewal.events, seed);
      }
      if (seed === 0) {
        subscriptionId = subscription;
        const rows = await periods(shop.merchantId);
        expect(rows.map((r) => r.stripeId)).toEqual([
          `${subscription}:${start.subscription!.start_date}`,
          ...renewals.map((r) => `${subscription}:${r.invoice.lines.data[0]!.period.start}`),
        ]);
        expect(rows.map((r) => r.invoice)).toEqual([start.invoice!.id, ...renewals.map((r) => r.invoice.id)]);
        expect(rows.map((r) => r.paymentIntent)).toEqual([
          start.paymentIntent!.id,
          ...renewals.map((r) => r.paymentIntent!.id),
        ]);
      }
      return shop.merchantId;
    });
    expect(subscriptionId).not.toBe("");
    expect(ledger).toEqual([
      expect.objectContaining({
        day: 0,
        amount: 3000,
        paymentStatus: "paid",
        chargedAmount: 3000,
        attribution: "tracking",
        commission: 600,
        commissionStatus: "pending",
        linked: true,
      }),
      expect.objectContaining({ amount: 3000, attribution: "customer", commission: 600, linked: true }),
      expect.objectContaining({ amount: 3000, attribution: "customer", commission: 600, linked: true }),
    ]);
    expect(ledger.map((r) => r.day)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(ledger[1]!.day).toBeGreaterThanOrEqual(28);
    expect(ledger[2]!.day).toBeGreaterThanOrEqual(59);
  });

  it("a price change prices only the periods that begin after it", async () => {
    const ledger = await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `price-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const subscription = start.subscription!.id;
      await deliver(start.events, seed);
      const renew = () =>
        bed.sim.events.subscriptionRenewed({ account: shop.account, subscription, deliver: false });
      await deliver((await renew()).events, seed);
      // The customer moves to the 50.00 plan (two seats at 25.00) for the periods to come.
      const sub = storedSubscription(shop.account, subscription);
      sub.items.data[0]!.price.unit_amount = 2500;
      sub.items.data[0]!.quantity = 2;
      await deliver([eventOf(shop.account, "customer.subscription.updated", sub)], seed);
      await deliver((await renew()).events, seed);
      await deliver(
        (
          await bed.sim.events.cancelSubscription({
            account: shop.account,
            subscription,
            atPeriodEnd: true,
            deliver: false,
          })
        ).events,
        seed,
      );
      // A later scheduled pass neither re-prices a period nor adds one after the end.
      await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 400 * DAY * 1000));
      return shop.merchantId;
    });
    expect(ledger.map((r) => [r.amount, r.chargedAmount, r.commission, r.commissionStatus])).toEqual([
      [3000, 3000, 600, "pending"],
      [3000, 3000, 600, "pending"],
      [5000, 5000, 1000, "pending"],
    ]);
  });

  it("a forever coupon is netted from every period; a 100% first month is no sale", async () => {
    const shop = await datesShop();
    await promotionCode(bed.stripe, shop.account, "DATES20");
    await bed.db
      .update(affiliates)
      .set({ couponCode: "DATES20" })
      .where(eq(affiliates.id, shop.affiliate.id));
    const start = await bed.sim.events.subscriptionStarted({
      account: shop.account,
      email: "dates-coupon@example.com",
      amount: 3000,
      interval: "month",
      promotionCode: "dates20",
    });
    expectDelivered(start);
    const subscription = start.subscription!.id;
    expectDelivered(await bed.sim.events.subscriptionRenewed({ account: shop.account, subscription }));
    expectDelivered(
      await bed.sim.events.cancelSubscription({ account: shop.account, subscription, atPeriodEnd: true }),
    );
    await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 365 * DAY * 1000));
    expect((await periods(shop.merchantId)).map((r) => [r.amount, r.attribution, r.commission])).toEqual([
      [2400, "coupon", 480],
      [2400, "customer", 480],
    ]);

    // First payment only, the first month free: the second month is the first payment.
    const free = await datesShop();
    await setMerchant(bed, free.merchantId, { commissionRecurrence: "first" });
    const coupon = await bed.stripe.coupons.create(
      { percent_off: 100, duration: "once" },
      { stripeAccount: free.account },
    );
    await bed.stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: coupon.id }, code: "FIRSTFREE" },
      { stripeAccount: free.account },
    );
    const started = await bed.sim.events.subscriptionStarted({
      account: free.account,
      email: "free-first@example.com",
      amount: 3000,
      interval: "month",
      clientReferenceId: free.visitorId,
      promotionCode: "firstfree",
    });
    expectDelivered(started);
    const sub = started.subscription!.id;
    expectDelivered(await bed.sim.events.subscriptionRenewed({ account: free.account, subscription: sub }));
    expectDelivered(await bed.sim.events.subscriptionRenewed({ account: free.account, subscription: sub }));
    expect((await periods(free.merchantId)).map((r) => [r.amount, r.commission])).toEqual([
      [3000, 600],
      [3000, null],
    ]);
  });
});

describe("a period earns only in good standing", () => {
  it("a trial cancelled before any charge earns nothing", async () => {
    await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `trial-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const sub = storedSubscription(shop.account, start.subscription!.id);
      const trialEnd = sub.start_date + 14 * DAY;
      Object.assign(sub, {
        status: "trialing",
        trial_start: sub.start_date,
        trial_end: trialEnd,
        billing_cycle_anchor: trialEnd,
      });
      sub.items.data[0]!.current_period_end = trialEnd;
      // The trial's first invoice is for nothing.
      const invoice = storedInvoice(shop.account, start.invoice!.id);
      Object.assign(invoice, { amount_due: 0, amount_paid: 0, subtotal: 0, total: 0 });
      const session = start.events.find((e) => e.type === "checkout.session.completed")!;
      await deliver(
        [
          session,
          eventOf(shop.account, "customer.subscription.created", sub),
          eventOf(shop.account, "invoice.paid", invoice),
          eventOf(shop.account, "customer.subscription.trial_will_end", sub),
        ],
        seed,
      );
      expect(await periods(shop.merchantId)).toEqual([]);
      await deliver(
        (
          await bed.sim.events.cancelSubscription({
            account: shop.account,
            subscription: sub.id,
            deliver: false,
          })
        ).events,
        seed,
      );
      await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 90 * DAY * 1000));
      expect(await periods(shop.merchantId)).toEqual([]);
      return shop.merchantId;
    });
  });

  it("a past-due period waits on hold and earns when its invoice is paid; refunds then adjust it", async () => {
    const ledger = await converges(async (seed) => {
      const { shop, subscription, renewal } = await pastDue(seed);
      let rows = await periods(shop.merchantId);
      expect(rows.map((r) => [r.paymentStatus, r.commission, r.commissionStatus, r.holdReason])).toEqual([
        ["paid", 600, "pending", null],
        ["awaiting", 600, "on_hold", "awaiting_payment"],
      ]);
      // Stripe's retry succeeds: the invoice is paid and the subscription active again.
      const invoice = storedInvoice(shop.account, renewal.invoice.id);
      Object.assign(invoice, { status: "paid", amount_paid: invoice.total, amount_remaining: 0 });
      const sub = storedSubscription(shop.account, subscription);
      setStatus(sub, "active");
      await deliver(
        [
          eventOf(shop.account, "invoice.paid", invoice),
          eventOf(shop.account, "customer.subscription.updated", sub),
          ...renewal.events.filter((e) => e.type === "charge.succeeded"),
        ],
        seed,
      );
      rows = await periods(shop.merchantId);
      expect(rows[1]).toMatchObject({
        paymentStatus: "paid",
        invoice: renewal.invoice.id,
        paymentIntent: renewal.paymentIntent!.id,
        chargedAmount: 3000,
        commission: 600,
        commissionStatus: "pending",
      });
      // A refund of half the period's charge halves that period's commission only.
      await deliver(
        (
          await bed.sim.events.refund({
            account: shop.account,
            invoice: renewal.invoice.id,
            amount: 1500,
            deliver: false,
          })
        ).events,
        seed,
      );
      return shop.merchantId;
    });
    expect(ledger.map((r) => [r.paymentStatus, r.commission, r.commissionStatus, r.linked])).toEqual([
      ["paid", 600, "pending", true],
      ["paid", 300, "pending", true],
    ]);
  });

  it("a past-due period is cancelled when the subscription goes unpaid", async () => {
    const ledger = await converges(async (seed) => {
      const { shop, subscription } = await pastDue(seed);
      const sub = storedSubscription(shop.account, subscription);
      setStatus(sub, "unpaid");
      await deliver([eventOf(shop.account, "customer.subscription.updated", sub)], seed);
      // Unpaid, later periods earn nothing either.
      await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 120 * DAY * 1000));
      return shop.merchantId;
    });
    expect(ledger.map((r) => [r.paymentStatus, r.commission, r.commissionStatus])).toEqual([
      ["paid", 600, "pending"],
      // Cancelled by the ledger: nothing is left to earn, so the figure is 0 (docs/ledger.md).
      ["failed", 0, "cancelled"],
    ]);
  });

  it("a voided invoice cancels its waiting period", async () => {
    const { shop, renewal } = await pastDue(0);
    const invoice = storedInvoice(shop.account, renewal.invoice.id);
    invoice.status = "void" as Invoice["status"];
    await deliver([eventOf(shop.account, "invoice.voided", invoice)], 0);
    expect((await periods(shop.merchantId)).map((r) => [r.paymentStatus, r.commissionStatus])).toEqual([
      ["paid", "pending"],
      ["failed", "cancelled"],
    ]);
  });

  it("a paused subscription earns nothing until it resumes, nor while its collection is paused", async () => {
    const ledger = await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `paused-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      await deliver(start.events, seed);
      const sub = storedSubscription(shop.account, start.subscription!.id);
      setStatus(sub, "paused");
      await deliver([eventOf(shop.account, "customer.subscription.paused", sub)], seed);
      // Two months paused: the scheduled pass adds nothing.
      const resumedAt = sub.start_date + 70 * DAY;
      await accrueAllSubscriptionPeriods(bed.db, new Date((resumedAt - DAY) * 1000));
      expect(await periods(shop.merchantId)).toHaveLength(1);
      // Resumed: Stripe starts a new period, and the cycle, at the resumption.
      setStatus(sub, "active");
      sub.billing_cycle_anchor = resumedAt;
      Object.assign(sub.items.data[0]!, {
        current_period_start: resumedAt,
        current_period_end: resumedAt + 30 * DAY,
      });
      await deliver([eventOf(shop.account, "customer.subscription.resumed", sub)], seed);
      // Collection paused: the period that begins then earns nothing.
      sub.pause_collection = { behavior: "void", resumes_at: null };
      await deliver([eventOf(shop.account, "customer.subscription.updated", sub)], seed);
      const paused = await bed.sim.events.subscriptionRenewed({
        account: shop.account,
        subscription: sub.id,
        deliver: false,
      });
      await deliver(paused.events, seed);
      sub.pause_collection = null;
      await deliver([eventOf(shop.account, "customer.subscription.updated", sub)], seed);
      await deliver(
        (
          await bed.sim.events.subscriptionRenewed({
            account: shop.account,
            subscription: sub.id,
            deliver: false,
          })
        ).events,
        seed,
      );
      return shop.merchantId;
    });
    // Day 0, the resumption on day 70; the period from day 100 had its collection paused; the
    // next one (a month later) earns again.
    expect(ledger.map((r) => [r.amount, r.commission])).toEqual([
      [3000, 600],
      [3000, 600],
      [3000, 600],
    ]);
    expect(ledger.map((r) => r.day).slice(0, 2)).toEqual([0, 70]);
    expect(ledger[2]!.day).toBeGreaterThanOrEqual(128);
    expect(ledger[2]!.day).toBeLessThanOrEqual(131);
  });

  it("a subscription first seen 18 months after it began earns from its next period only", async () => {
    const ledger = await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `late-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const sub = storedSubscription(shop.account, start.subscription!.id);
      // Began 18 months and a week ago; Leadtrail sees it first now, mid-period.
      const aWeekAgo = new Date((toSeconds(new Date()) - 7 * DAY) * 1000);
      const began = anchoredPeriodStart(aWeekAgo, "month", 1, -18);
      const periodStart = anchoredPeriodStart(began, "month", 1, 18);
      Object.assign(sub, {
        created: toSeconds(began),
        start_date: toSeconds(began),
        billing_cycle_anchor: toSeconds(began),
      });
      Object.assign(sub.items.data[0]!, {
        current_period_start: toSeconds(periodStart),
        current_period_end: toSeconds(anchoredPeriodStart(began, "month", 1, 19)),
      });
      await deliver([eventOf(shop.account, "customer.subscription.updated", sub)], seed);
      await accrueAllSubscriptionPeriods(bed.db);
      expect(await periods(shop.merchantId)).toEqual([]);
      await deliver(
        (
          await bed.sim.events.subscriptionRenewed({
            account: shop.account,
            subscription: sub.id,
            deliver: false,
          })
        ).events,
        seed,
      );
      await accrueAllSubscriptionPeriods(bed.db);
      const rows = await periods(shop.merchantId);
      expect(rows.map((r) => r.start.toISOString())).toEqual([
        anchoredPeriodStart(began, "month", 1, 19).toISOString(),
      ]);
      return shop.merchantId;
    });
    expect(ledger.map((r) => [r.amount, r.commission, r.attribution, r.linked])).toEqual([
      [3000, 600, "tracking", true],
    ]);
  });

  it("cancellation stops accrual at the end of the paid period", async () => {
    const ledger = await converges(async (seed) => {
      const shop = await datesShop();
      const start = await bed.sim.events.subscriptionStarted({
        account: shop.account,
        email: `cancel-${seed}@example.com`,
        amount: 3000,
        interval: "month",
        clientReferenceId: shop.visitorId,
        deliver: false,
      });
      const subscription = start.subscription!.id;
      await deliver(start.events, seed);
      await deliver(
        (await bed.sim.events.subscriptionRenewed({ account: shop.account, subscription, deliver: false }))
          .events,
        seed,
      );
      await deliver(
        (
          await bed.sim.events.cancelSubscription({
            account: shop.account,
            subscription,
            atPeriodEnd: true,
            deliver: false,
          })
        ).events,
        seed,
      );
      await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 365 * DAY * 1000));
      await deliver(
        (await bed.sim.events.subscriptionEnded({ account: shop.account, subscription, deliver: false }))
          .events,
        seed,
      );
      await accrueAllSubscriptionPeriods(bed.db, new Date(Date.now() + 400 * DAY * 1000));
      return shop.merchantId;
    });
    expect(ledger.map((r) => [r.amount, r.commission, r.commissionStatus])).toEqual([
      [3000, 600, "pending"],
      [3000, 600, "pending"],
    ]);
  });
});

describe("stale reads", () => {
  it("a subscription read before the stored one never overwrites it", async () => {
    const shop = await datesShop();
    const row = (status: string, readAt: Date) => ({
      merchantId: shop.merchantId,
      stripeSubscriptionId: "sub_stale",
      trackingMode: "dates" as const,
      stripeCustomerId: "cus_stale",
      status,
      amount: 3000,
      currency: "usd",
      interval: "month",
      intervalCount: 1,
      startedAt: new Date("2027-01-01T00:00:00Z"),
      billingCycleAnchor: null,
      currentPeriodStart: null,
      currentPeriodEnd: null,
      trialEnd: null,
      collectionPaused: false,
      cancelAt: null,
      cancelAtPeriodEnd: false,
      endedAt: null,
      livemode: false,
      readAt,
      data: { discounts: [] },
    });
    const later = new Date("2027-01-02T00:00:10Z");
    await upsertSubscription(bed.db, row("past_due", later));
    const stale = await upsertSubscription(bed.db, row("active", new Date("2027-01-02T00:00:00Z")));
    expect([stale.status, stale.readAt]).toEqual(["past_due", later]);
    const newer = await upsertSubscription(bed.db, row("canceled", new Date("2027-01-02T00:00:20Z")));
    expect(newer.status).toBe("canceled");
  });
});

/**
 * A subscription whose second period's payment failed: Stripe keeps the invoice open and the
 * subscription past due (the simulator renews with a paid invoice, so it is set back here).
 */
async function pastDue(seed: number) {
  const shop = await datesShop();
  const start = await bed.sim.events.subscriptionStarted({
    account: shop.account,
    email: `past-due-${seed}-${randomUUID().slice(0, 4)}@example.com`,
    amount: 3000,
    interval: "month",
    clientReferenceId: shop.visitorId,
    deliver: false,
  });
  const subscription = start.subscription!.id;
  await deliver(start.events, seed);
  const renewal = await bed.sim.events.subscriptionRenewed({
    account: shop.account,
    subscription,
    deliver: false,
  });
  const invoice = storedInvoice(shop.account, renewal.invoice.id);
  Object.assign(invoice, { status: "open", amount_paid: 0, amount_remaining: invoice.total });
  const sub = storedSubscription(shop.account, subscription);
  setStatus(sub, "past_due");
  await deliver(
    [
      eventOf(shop.account, "customer.subscription.updated", sub),
      eventOf(shop.account, "invoice.payment_failed", invoice),
    ],
    seed,
  );
  return { shop, subscription, renewal };
}

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
