/**
 * Subscriptions tracked by dates (SPEC §4): a subscription's state, and each billing period it
 * earns recorded as a purchase, settled when its invoice is paid. Over 300 lines because the
 * period rules (first seen, previous period, awaiting payment) share one row lock and one
 * ordering; split apart they would each have to re-take it.
 */
import type Stripe from "stripe";
import type { Database } from "@/db";
import { setLeadsCancellation } from "@/db/queries/customers";
import { getMerchant } from "@/db/queries/merchants";
import { lockSaleKey, lockSalePurchase, updatePurchase } from "@/db/queries/purchases";
import {
  lastLegacyPeriodStart,
  listDatesSubscriptions,
  listPeriodPurchases,
  lockSubscription,
  setAccruedThrough,
  setSubscriptionData,
  upsertSubscription,
} from "@/db/queries/subscriptions";
import type { Merchant, Purchase, StripeSubscription, SubscriptionDiscount } from "@/db/schema";
import { reconcileCommission } from "@/lib/commissions/adjustments";
import { queueCardLookBack } from "@/lib/fraud/card-recheck";
import { invoicePayment } from "./fingerprints";
import { hintsForSubscription, type SaleHints, subscriptionCheckoutSessionIds } from "./hints";
import { checkLateCard, recordSale } from "./record-sale";
import {
  anchoredPeriodStart,
  anchoredPeriodStarts,
  fromSeconds,
  idOf,
  invoicePeriodStart,
  invoiceSubscriptionId,
  mergeDiscounts,
  nominalPeriodMs,
  periodAmount,
  subscriptionAmount,
  subscriptionCycle,
  subscriptionDiscounts,
  subscriptionInterval,
  subscriptionPeriodEnd,
} from "./stripe-facts";
import type { SalesStripe } from "./stripe-reader";
import { readSubscription } from "./subscription-reads";

type SubscriptionRow = StripeSubscription;
type Outcome = { purchase: Purchase | null; note?: string };

/**
 * Stores the subscription as Stripe has it now. Payloads can arrive out of order, so the
 * current object is fetched rather than trusting the event's copy, and a read older than the
 * stored one changes nothing. The tracking mode is fixed when the subscription is first seen.
 * Tracked by start/end dates, the periods that have begun are then recorded.
 */
export async function syncSubscription(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  subscriptionId: string,
): Promise<SubscriptionRow> {
  const { subscription: sub, readAt } = await readSubscription(stripe, subscriptionId);
  const { amount, currency } = subscriptionAmount(sub);
  const { interval, intervalCount } = subscriptionInterval(sub);
  const discounts = subscriptionDiscounts(sub);
  // The subscription's row first (the upsert locks it), then its customer's leads and its
  // periods: one order for every transaction that touches them.
  let row = await upsertSubscription(db, {
    merchantId: merchant.id,
    stripeSubscriptionId: sub.id,
    trackingMode: merchant.trackSubscriptionsByTransaction ? "transaction" : "dates",
    stripeCustomerId: idOf(sub.customer) ?? "",
    status: sub.status,
    amount,
    currency,
    interval,
    intervalCount,
    startedAt: fromSeconds(sub.start_date) ?? new Date(),
    ...subscriptionCycle(sub),
    currentPeriodEnd: subscriptionPeriodEnd(sub),
    cancelAt: fromSeconds(sub.cancel_at),
    endedAt: fromSeconds(sub.ended_at),
    livemode: sub.livemode,
    readAt,
    data: { discounts },
  });
  const fresh = row.readAt?.getTime() === readAt.getTime();
  if (row.trackingMode === "dates" && fresh) row = await keepDiscounts(db, row, discounts);
  const cancelled = row.endedAt ?? row.cancelAt ?? (row.status === "canceled" ? new Date() : null);
  await setLeadsCancellation(db, {
    merchantId: merchant.id,
    stripeCustomerId: row.stripeCustomerId,
    cancelledAt: cancelled,
  });
  if (row.trackingMode === "dates") {
    await accruePeriods(db, merchant, row, new Date(), {
      hints: () => hintsForSubscription(stripe, sub),
      aliases: () => subscriptionCheckoutSessionIds(stripe, sub.id),
    });
  }
  return row;
}

/** Dates mode prices periods with the discounts, including those Stripe no longer lists. */
async function keepDiscounts(db: Database, row: SubscriptionRow, current: SubscriptionDiscount[]) {
  const stored = row.data?.discounts ?? [];
  const discounts = mergeDiscounts(stored, current, Math.floor(Date.now() / 1000));
  if (JSON.stringify(discounts) === JSON.stringify(stored)) return row;
  const updated = { ...row, data: { discounts } };
  await setSubscriptionData(db, updated);
  return updated;
}

/**
 * How a subscription's periods fare while it is in this state (docs/ledger.md "Subscriptions
 * tracked by start/end dates"): they earn in good standing, wait for their invoice while past
 * due, and earn nothing otherwise. A canceled subscription's periods before its end earned.
 */
type Standing = "earns" | "waits" | "nothing";
function standingOf(sub: SubscriptionRow): Standing {
  if (sub.collectionPaused) return "nothing";
  if (sub.status === "active" || sub.status === "canceled") return "earns";
  if (sub.status === "past_due") return "waits";
  return "nothing";
}

/** States after which an invoice still awaited will never be paid. */
const GIVEN_UP = new Set(["unpaid", "canceled", "incomplete_expired"]);

/**
 * A subscription first seen this soon after it started was seen at its creation (its first
 * events were only slow to arrive), so its first period counts.
 */
export const FIRST_SEEN_LEEWAY_MS = 60 * 60_000;

interface StripeLoaders {
  hints: () => Promise<SaleHints>;
  aliases: () => Promise<string[]>;
}

/**
 * Records every billing period of a dates-tracked subscription that has begun by `now` (or
 * that Stripe reports as begun) and was not decided before: one purchase per period, priced
 * as Stripe bills it now, with its sale commission made the way any sale's is. The caller
 * holds the subscription's row lock. Returns how many periods it recorded.
 */
export async function accruePeriods(
  db: Database,
  merchant: Merchant,
  sub: SubscriptionRow,
  now: Date,
  stripe: StripeLoaders | null,
): Promise<number> {
  const recorded = await listPeriodPurchases(db, merchant.id, sub.stripeSubscriptionId);
  await settleAwaitingPeriods(db, sub, recorded);
  const until = sub.currentPeriodStart && sub.currentPeriodStart > now ? sub.currentPeriodStart : now;
  const standing = standingOf(sub);
  // An incomplete subscription's first period is decided when its first invoice is paid.
  if (sub.status === "incomplete") return 0;
  let created = 0;
  if (standing !== "nothing") {
    const starts = await periodsToRecord(db, sub, recorded, until);
    for (const start of starts) {
      const previousStart = previousPeriodStart(sub, start, [...recorded.map((p) => p.createdAt), ...starts]);
      if (
        await recordPeriod(
          db,
          merchant,
          sub,
          { start, previousStart },
          standing === "waits",
          stripe,
          recorded,
        )
      )
        created++;
    }
  }
  // Passed over, only the periods this state is known for are decided: up to the current one
  // Stripe reported when it was read (a scheduled pass looks later than that).
  const known = [sub.readAt, sub.currentPeriodStart].filter((d): d is Date => !!d);
  const decided =
    standing === "nothing" && known.length
      ? new Date(Math.min(until.getTime(), Math.max(...known.map((d) => d.getTime()))))
      : until;
  if (!sub.accruedThrough || sub.accruedThrough < decided) await setAccruedThrough(db, sub, decided);
  return created;
}

/**
 * The period starts to record: Stripe's reported current period, and between observations the
 * anchor's cycle; after the later of when Leadtrail first saw the subscription (less the leeway
 * for its creation events), the trial's end, what was decided before and what an earlier dates
 * mode accrued; before the subscription's end. A start near one already recorded is that period.
 */
async function periodsToRecord(
  db: Database,
  sub: SubscriptionRow,
  recorded: Purchase[],
  until: Date,
): Promise<Date[]> {
  const interval = sub.interval ?? "month";
  const count = sub.intervalCount ?? 1;
  const near = nominalPeriodMs(interval, count) / 4;
  const legacy = await lastLegacyPeriodStart(db, sub.merchantId, sub.stripeSubscriptionId);
  const bounds = [
    new Date(sub.createdAt.getTime() - FIRST_SEEN_LEEWAY_MS - 1),
    sub.accruedThrough,
    sub.trialEnd && new Date(sub.trialEnd.getTime() - 1),
    legacy && new Date(anchoredPeriodStart(legacy, interval, count, 1).getTime() - near),
  ].filter((d): d is Date => !!d);
  const after = new Date(Math.max(...bounds.map((d) => d.getTime())));
  const end = sub.endedAt ?? sub.cancelAt ?? (sub.cancelAtPeriodEnd ? sub.currentPeriodEnd : null);
  const anchor = sub.billingCycleAnchor ?? sub.startedAt;
  const reported = [sub.currentPeriodStart, sub.startedAt].filter((d): d is Date => !!d);
  const candidates = [...reported, ...anchoredPeriodStarts(anchor, interval, count, after, until)];
  const chosen: Date[] = [];
  const taken = recorded.map((p) => p.createdAt);
  for (const start of candidates) {
    if (start <= after || start > until || (end && start >= end)) continue;
    if ([...taken, ...chosen].some((t) => Math.abs(t.getTime() - start.getTime()) < near)) continue;
    chosen.push(start);
  }
  return chosen.sort((a, b) => a.getTime() - b.getTime());
}

/** The period before this one (a once discount covers only the first after it was applied). */
function previousPeriodStart(sub: SubscriptionRow, start: Date, known: Date[]): Date | null {
  const interval = sub.interval ?? "month";
  const count = sub.intervalCount ?? 1;
  const near = nominalPeriodMs(interval, count) / 4;
  if (Math.abs(start.getTime() - sub.startedAt.getTime()) < near) return null;
  const anchor = sub.billingCycleAnchor ?? sub.startedAt;
  const lookBack = new Date(start.getTime() - 2 * nominalPeriodMs(interval, count));
  const earlier = [...known, ...anchoredPeriodStarts(anchor, interval, count, lookBack, start)]
    .filter((d) => d.getTime() < start.getTime() - near)
    .map((d) => d.getTime());
  return earlier.length ? new Date(Math.max(...earlier)) : null;
}

/** One period as a sale: Stripe's price for it now, the subscription's attribution. */
async function recordPeriod(
  db: Database,
  merchant: Merchant,
  sub: SubscriptionRow,
  period: { start: Date; previousStart: Date | null },
  waits: boolean,
  stripe: StripeLoaders | null,
  recorded: Purchase[],
): Promise<boolean> {
  const currency = sub.currency ?? "usd";
  const amount = periodAmount(sub.amount ?? 0, currency, sub.data?.discounts ?? [], period);
  // Nothing billed is no sale (a 100% discount's period): it earns nothing and counts as no payment.
  if (amount <= 0) return false;
  const first = period.previousStart === null;
  // Without Stripe at hand (the scheduled pass), the period follows its customer's attribution.
  const latest = recorded.at(-1);
  const storedHints = async (): Promise<SaleHints> => ({
    customerId: sub.stripeCustomerId || null,
    email: latest?.email ?? null,
    trackingIds: [],
    promotionCodes: [],
  });
  const { created } = await recordSale(
    db,
    merchant,
    {
      stripeId: periodKey(sub.stripeSubscriptionId, period.start),
      // The site may have reported the subscription's start under its Checkout Session.
      aliases: first && stripe ? await stripe.aliases() : [],
      source: "subscription_period",
      amount,
      currency,
      livemode: sub.livemode,
      at: period.start,
      subscriptionId: sub.stripeSubscriptionId,
      paymentStatus: waits ? "awaiting" : "paid",
    },
    stripe?.hints ?? storedHints,
  );
  return created;
}

export const periodKey = (subscriptionId: string, start: Date) =>
  `${subscriptionId}:${Math.floor(start.getTime() / 1000)}`;

/**
 * What the subscription's state says of the periods waiting for their invoice: past due, the
 * current period's invoice is unpaid (it waits, unless that invoice is already linked as paid);
 * unpaid, canceled or expired, an invoice still awaited never will be paid.
 */
async function settleAwaitingPeriods(db: Database, sub: SubscriptionRow, recorded: Purchase[]) {
  const near = nominalPeriodMs(sub.interval ?? "month", sub.intervalCount ?? 1) / 4;
  for (const period of recorded) {
    let status: Purchase["paymentStatus"] | null = null;
    if (GIVEN_UP.has(sub.status) && period.paymentStatus === "awaiting") status = "failed";
    const current =
      sub.currentPeriodStart &&
      Math.abs(period.createdAt.getTime() - sub.currentPeriodStart.getTime()) < near;
    if (sub.status === "past_due" && current && period.paymentStatus === "paid" && !period.stripeInvoiceId)
      status = "awaiting";
    if (status) await setPaymentStatus(db, period, { paymentStatus: status });
  }
}

async function setPaymentStatus(db: Database, period: Purchase, patch: Partial<Purchase>) {
  await lockSaleKey(db, period.merchantId, period.stripeId);
  const updated = await updatePurchase(db, period, patch);
  if (updated) await reconcileCommission(db, updated);
  return updated;
}

/**
 * A period's invoice, in dates mode: paid, it links its payment to the period's purchase (so
 * refunds, disputes and credit notes on it find that purchase) and the period earns; void or
 * uncollectible, the period never will; open after a failed payment, the period waits.
 */
export async function settlePeriodInvoice(
  db: Database,
  stripe: SalesStripe,
  sub: SubscriptionRow,
  invoice: Stripe.Invoice,
): Promise<Outcome> {
  const start = invoicePeriodStart(invoice);
  const period = start && (await lockPeriodPurchase(db, sub, start));
  if (!period) return { purchase: null, note: "no billing period recorded for this invoice" };
  let patch: Partial<Purchase> | null = null;
  if (invoice.status === "paid") {
    const payment = await invoicePayment(stripe, invoice);
    patch = {
      paymentStatus: "paid",
      stripeInvoiceId: invoice.id,
      stripePaymentIntentId: period.stripePaymentIntentId ?? payment.paymentIntentId,
      paymentFingerprint: period.paymentFingerprint ?? payment.fingerprint,
      chargedAmount: invoice.amount_paid,
    };
    const same =
      period.paymentStatus === "paid" &&
      period.stripeInvoiceId === invoice.id &&
      period.stripePaymentIntentId === patch.stripePaymentIntentId &&
      period.paymentFingerprint === patch.paymentFingerprint &&
      period.chargedAmount === invoice.amount_paid;
    if (same) patch = null;
  } else if (invoice.status === "void" || invoice.status === "uncollectible") {
    if (period.paymentStatus === "awaiting") patch = { paymentStatus: "failed" };
  } else if (period.paymentStatus === "paid" && !period.stripeInvoiceId) {
    patch = { paymentStatus: "awaiting" };
  }
  if (!patch) return { purchase: period, note: `billing period ${period.id}` };
  const updated = await updatePurchase(db, period, patch);
  if (updated) await reconcileCommission(db, updated);
  if (updated && !period.paymentFingerprint && updated.paymentFingerprint) {
    await checkLateCard(db, updated);
    await queueCardLookBack(db, updated);
  }
  return { purchase: updated ?? period, note: `billing period ${period.id}` };
}

/** The recorded period an invoice bills, locked: by its key, else the one starting nearest. */
async function lockPeriodPurchase(db: Database, sub: SubscriptionRow, start: Date) {
  const key = periodKey(sub.stripeSubscriptionId, start);
  await lockSaleKey(db, sub.merchantId, key);
  const exact = await lockSalePurchase(db, sub.merchantId, { stripeId: key });
  if (exact) return exact;
  const near = nominalPeriodMs(sub.interval ?? "month", sub.intervalCount ?? 1) / 4;
  const periods = await listPeriodPurchases(db, sub.merchantId, sub.stripeSubscriptionId);
  const nearest = periods.find((p) => Math.abs(p.createdAt.getTime() - start.getTime()) < near);
  if (!nearest) return null;
  await lockSaleKey(db, sub.merchantId, nearest.stripeId);
  return lockSalePurchase(db, sub.merchantId, { stripeId: nearest.stripeId });
}

/**
 * An invoice of a subscription that is not paid (`invoice.payment_failed`, voided, marked
 * uncollectible): the subscription is synced; tracked by dates, its period waits or fails;
 * tracked by transaction, nothing was paid, so nothing is recorded.
 */
export async function recordUnpaidInvoice(
  db: Database,
  merchant: Merchant,
  stripe: SalesStripe,
  invoice: Stripe.Invoice,
): Promise<Outcome> {
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { purchase: null, note: "not a subscription invoice" };
  const sub = await syncSubscription(db, merchant, stripe, subscriptionId);
  if (sub.trackingMode !== "dates") return { purchase: null, note: "nothing paid" };
  return settlePeriodInvoice(db, stripe, sub, invoice);
}

/**
 * Scheduled: periods that have begun since the last look, for every dates-tracked subscription,
 * from what is stored (no Stripe call): each in its own transaction, under its row lock.
 */
export async function accrueAllSubscriptionPeriods(db: Database, now = new Date()): Promise<number> {
  const rows = await listDatesSubscriptions(db);
  let created = 0;
  for (const { merchantId, stripeSubscriptionId } of rows) {
    created += await db.transaction(async (tx) => {
      const sub = await lockSubscription(tx, merchantId, stripeSubscriptionId);
      const merchant = sub && (await getMerchant(tx, merchantId));
      return sub && merchant ? accruePeriods(tx, merchant, sub, now, null) : 0;
    });
  }
  return created;
}
