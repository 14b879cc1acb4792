import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { commissions, purchases } from "@/db/schema";
import type { StripeTestbed } from "@/lib/stripe/testing";
import { API_VERSION } from "@/stripe-simulator";
import { connectedShop, setMerchant, trackedVisitor } from "./sales-testing";

/**
 * Test support for Stripe's lifecycles (lib/sales/lifecycles*.test.ts): a scenario builds its
 * Stripe objects and events without delivering them, then its events are delivered in Stripe's
 * order, reversed, and in seeded shuffles with every event delivered twice. Every order must end
 * in the same ledger, and that ledger must be the exact one the scenario expects.
 */

export type SimEvent = { id: string; type: string; created: number };
export type Shop = Awaited<ReturnType<typeof connectedShop>> & { visitorId: string };
export type Mode = "transaction" | "dates";

/** A shop whose visitor arrived through the affiliate's link; in dates mode if asked. */
export async function lifecycleShop(bed: StripeTestbed, mode: Mode = "transaction"): Promise<Shop> {
  const shop = await connectedShop(bed);
  if (mode === "dates") await setMerchant(bed, shop.merchantId, { trackSubscriptionsByTransaction: false });
  const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
  return { ...shop, visitorId };
}

/**
 * A scenario: its phases of events, built with `deliver: false` in Stripe's order. Between two
 * phases something outside Stripe may happen (the merchant pays a batch): `after[i]` runs once
 * phase i is delivered.
 */
export interface Built {
  /**
   * A phase built later (a function) happens in Stripe only after the phases before it were
   * delivered, so their handlers' API reads cannot see it yet.
   */
  phases: (SimEvent[] | (() => Promise<SimEvent[]>))[];
  after?: (() => Promise<void>)[];
}

export interface Order {
  name: string;
  arrange: (events: SimEvent[]) => SimEvent[];
}

export const SHUFFLES = 20;

/** Stripe's order, reversed, and seeded shuffles with every event twice (duplicates interleaved). */
export function orders(shuffles = SHUFFLES): Order[] {
  return [
    { name: "stripe", arrange: (events) => events },
    { name: "reversed", arrange: (events) => [...events].reverse() },
    ...Array.from({ length: shuffles }, (_, i) => ({
      name: `shuffle ${i + 1}`,
      arrange: (events: SimEvent[]) => shuffle([...events, ...events], i + 1),
    })),
  ];
}

/** Delivers events one at a time, as one endpoint receives them; each must be accepted. */
export async function deliverAll(bed: StripeTestbed, events: SimEvent[]) {
  for (const event of events) {
    const answer = await bed.sim.deliver(event);
    if (answer.status !== 200) throw new Error(`${event.type} ${event.id}: ${answer.status} ${answer.body}`);
  }
}

/**
 * Runs a scenario in every order on a fresh shop each time and checks every ledger equals
 * `expected` exactly. `finish` runs after the last phase (a scheduled pass, say).
 */
export async function converges(
  bed: StripeTestbed,
  mode: Mode,
  build: (shop: Shop) => Promise<Built>,
  expected: NormalLedger,
  options: {
    finish?: (shop: Shop) => Promise<void>;
    /** Checks what the normal ledger leaves out (dates), in every order. */
    check?: (shop: Shop) => Promise<void>;
    shuffles?: number;
  } = {},
) {
  for (const order of orders(options.shuffles)) {
    const shop = await lifecycleShop(bed, mode);
    const built = await build(shop);
    for (const [i, phase] of built.phases.entries()) {
      await deliverAll(bed, order.arrange(typeof phase === "function" ? await phase() : phase));
      await built.after?.[i]?.();
    }
    await options.finish?.(shop);
    const got = await normalLedger(bed, shop);
    expect({ order: order.name, ...got }).toEqual({ order: order.name, ...expected });
    await options.check?.(shop);
  }
}

export interface NormalPurchase {
  source: string;
  amount: number;
  chargedAmount: number | null;
  amountRefunded: number;
  status: string;
  paymentStatus: string;
  disputeStatus: string | null;
  commissionNote: string | null;
  attribution: string | null;
  /** Attributed to the shop's affiliate. */
  affiliate: boolean;
  commissions: NormalCommission[];
}

export interface NormalCommission {
  kind: string;
  amount: number;
  status: string;
  holdReason: string | null;
}

export interface NormalLedger {
  purchases: NormalPurchase[];
  /** Commissions of no purchase (none expected). */
  loose: NormalCommission[];
}

/**
 * The ledger without what legitimately differs between shops and runs: ids, dates. Purchases
 * oldest first, each with its commissions (sale first, then clawbacks by amount). A clawback
 * made and then undone before it was paid (amount 0, cancelled) is left out: whether it ever
 * existed depends on the order its refund's events came in, and it carries no money.
 */
export async function normalLedger(bed: StripeTestbed, shop: Shop): Promise<NormalLedger> {
  const rows = await bed.db
    .select()
    .from(purchases)
    .where(eq(purchases.merchantId, shop.merchantId))
    .orderBy(asc(purchases.createdAt), asc(purchases.amount));
  const coms = await bed.db
    .select()
    .from(commissions)
    .where(and(eq(commissions.merchantId, shop.merchantId)))
    .orderBy(asc(commissions.kind), asc(commissions.amount));
  const plain = (c: (typeof coms)[number]): NormalCommission => ({
    kind: c.kind,
    amount: c.amount,
    status: c.status,
    holdReason: c.holdReason,
  });
  const kept = coms.filter((c) => !(c.kind === "clawback" && c.amount === 0 && c.status === "cancelled"));
  const order = (a: (typeof coms)[number], b: (typeof coms)[number]) =>
    (a.kind === "sale" ? 0 : 1) - (b.kind === "sale" ? 0 : 1) || a.amount - b.amount;
  const list = rows.map((p) => ({
    source: p.source,
    amount: p.amount,
    chargedAmount: p.chargedAmount,
    amountRefunded: p.amountRefunded,
    status: p.status,
    paymentStatus: p.paymentStatus,
    disputeStatus: p.disputeStatus,
    commissionNote: p.commissionNote,
    attribution: p.attribution,
    affiliate: p.affiliateId === shop.affiliate.id,
    commissions: kept
      .filter((c) => c.purchaseId === p.id)
      .sort(order)
      .map(plain),
  }));
  // Purchases made within the same minute (a test's one-off sales) are in no order of their own:
  // their contents order them. Renewals and periods are a billing interval apart.
  const at = rows.map((p) => Math.floor(p.createdAt.getTime() / 60_000));
  const keyed = list.map((p, i) => ({ p, key: `${String(at[i]).padStart(15, "0")} ${JSON.stringify(p)}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    purchases: keyed.map((k) => k.p),
    loose: kept.filter((c) => !rows.some((p) => p.id === c.purchaseId)).map(plain),
  };
}

/** A purchase in the normal ledger, with the defaults of a paid, untouched, attributed sale. */
export function sale(
  amount: number,
  fields: Partial<Omit<NormalPurchase, "commissions">>,
  ...coms: (Partial<NormalCommission> & { amount: number })[]
): NormalPurchase {
  return {
    source: "checkout_session",
    amount,
    chargedAmount: null,
    amountRefunded: 0,
    status: "completed",
    paymentStatus: "paid",
    disputeStatus: null,
    commissionNote: null,
    attribution: "tracking",
    affiliate: true,
    ...fields,
    commissions: coms.map((c) => ({ kind: "sale", status: "pending", holdReason: null, ...c })),
  };
}

export const ledgerOf = (...list: NormalPurchase[]): NormalLedger => ({ purchases: list, loose: [] });
export const NOTHING: NormalLedger = { purchases: [], loose: [] };

/** An event as Stripe would send it, for an object or state the simulator's helpers send no event for. */
export function eventOf(
  account: string,
  type: string,
  object: object,
  created = Math.floor(Date.now() / 1000),
) {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    account,
    api_version: API_VERSION,
    created,
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as SimEvent;
}

export function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed * 7919;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 48271) % 2147483647;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
