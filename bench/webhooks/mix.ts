import { sql } from "drizzle-orm";
import type { startStripeSimulator } from "@/stripe-simulator";
import type { createBenchDatabase } from "../track-ingest/processes";

/**
 * The bench's sales: a realistic mix of Stripe lifecycles, every sale its own customer, amount
 * and ids, with the ledger each one must leave (docs/ledger.md), checked exactly after the run.
 * Over 300 lines: each lifecycle and the ledger it must leave side by side, so they are checked together.
 */

type Db = Awaited<ReturnType<typeof createBenchDatabase>>["handle"]["db"];
type Sim = Awaited<ReturnType<typeof startStripeSimulator>>;
type Event = { id: string; type: string };

export type SaleKind =
  | "one-off"
  | "one-off, refunded"
  | "one-off, refund failed"
  | "subscription"
  | "subscription, refunded"
  | "trial, paid after"
  | "trial, still trialing"
  | "captured in full"
  | "captured in part";

/** The program's plan in the bench shop: 20% of every payment. */
const RATE_BPS = 2000;

/** Per 20 sales: 10 one-off checkouts, 4 subscription starts, 3 trials, 3 authorise-and-capture. */
const PATTERN = [
  "one-off",
  "one-off",
  "subscription",
  "one-off",
  "trial",
  "capture",
  "one-off",
  "subscription",
  "one-off",
  "trial",
  "one-off",
  "capture",
  "subscription",
  "one-off",
  "trial",
  "one-off",
  "capture",
  "subscription",
  "one-off",
  "one-off",
] as const;

/** Follow-ups (a refund, a capture, a trial's end) arrive this many sales later, as time passes. */
const LAG = 8;

export interface ExpectedSale {
  kind: SaleKind;
  /** The purchase's natural key: the one-off's payment intent, or the paid invoice. */
  key: string;
  /** Commission base (what the customer paid) and the sale commission it must earn. */
  amount: number;
  commission: number;
}

export interface ExpectedRefund {
  id: string;
  kind: SaleKind;
  status: "succeeded" | "failed";
  effect: "reduces" | "none";
}

export interface Mix {
  events: Event[];
  /** Only sales that must become purchases (a trial still trialing earns nothing and has none). */
  sales: ExpectedSale[];
  refunds: ExpectedRefund[];
  kinds: Record<SaleKind, number>;
}

/** half_up(a × b / c) in integers, as the ledger rounds. */
function halfUp(numerator: bigint, denominator: bigint) {
  return Number((numerator * 2n + denominator) / (2n * denominator));
}

/** A percent commission on base `amount` after `refunded` of it came back (charged = base here). */
function commissionOn(amount: number, refunded = 0) {
  const kept = BigInt(amount - refunded);
  return halfUp(BigInt(RATE_BPS) * BigInt(amount) * kept, 10_000n * BigInt(amount));
}

export async function buildMix(
  sim: Sim,
  shop: { account: string; visitorIds: string[] },
  salesCount: number,
): Promise<Mix> {
  const timeline: Event[][] = [];
  const at = (slot: number, events: Event[]) => {
    timeline[slot] ??= [];
    timeline[slot].push(...events);
  };
  const sales: ExpectedSale[] = [];
  const refunds: ExpectedRefund[] = [];
  const kinds = {} as Record<SaleKind, number>;
  const seen: Record<string, number> = {};
  const account = shop.account;
  const count = (kind: SaleKind) => {
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  };

  for (let i = 0; i < salesCount; i++) {
    const pattern = PATTERN[i % PATTERN.length]!;
    const n = seen[pattern] ?? 0;
    seen[pattern] = n + 1;
    const base = {
      account,
      email: `buyer${i}@example.com`,
      clientReferenceId: shop.visitorIds[i % shop.visitorIds.length],
      deliver: false,
    };

    if (pattern === "one-off") {
      const amount = 1000 + i;
      const sale = await sim.events.checkoutPayment({ ...base, amount });
      at(i, sale.events);
      const key = sale.paymentIntent!.id;
      if (n % 5 === 0) {
        const refund = await sim.events.refund({
          account,
          charge: sale.charge!.id,
          amount: 500,
          deliver: false,
        });
        at(i + LAG, refund.events);
        sales.push({ kind: "one-off, refunded", key, amount, commission: commissionOn(amount, 500) });
        refunds.push({
          id: refund.refund.id,
          kind: "one-off, refunded",
          status: "succeeded",
          effect: "reduces",
        });
        count("one-off, refunded");
      } else if (n % 5 === 2) {
        const refund = await sim.events.refund({
          account,
          charge: sale.charge!.id,
          amount: 400,
          status: "pending",
          deliver: false,
        });
        const failed = await sim.events.failRefund({ account, refund: refund.refund.id, deliver: false });
        at(i + LAG, refund.events);
        at(i + 2 * LAG, failed.events);
        // What a failed refund took comes back: the commission stays whole.
        sales.push({ kind: "one-off, refund failed", key, amount, commission: commissionOn(amount) });
        refunds.push({
          id: refund.refund.id,
          kind: "one-off, refund failed",
          status: "failed",
          effect: "none",
        });
        count("one-off, refund failed");
      } else {
        sales.push({ kind: "one-off", key, amount, commission: commissionOn(amount) });
        count("one-off");
      }
    } else if (pattern === "subscription") {
      const amount = 2000 + i;
      const sale = await sim.events.subscriptionStarted({ ...base, amount, interval: "month" });
      at(i, sale.events);
      const key = sale.invoice!.id;
      if (n % 4 === 0) {
        const refund = await sim.events.refund({
          account,
          charge: sale.charge!.id,
          amount: 500,
          deliver: false,
        });
        at(i + LAG, refund.events);
        sales.push({ kind: "subscription, refunded", key, amount, commission: commissionOn(amount, 500) });
        refunds.push({
          id: refund.refund.id,
          kind: "subscription, refunded",
          status: "succeeded",
          effect: "reduces",
        });
        count("subscription, refunded");
      } else {
        sales.push({ kind: "subscription", key, amount, commission: commissionOn(amount) });
        count("subscription");
      }
    } else if (pattern === "trial") {
      const amount = 1500 + i;
      const sale = await sim.events.subscriptionStarted({
        ...base,
        amount,
        interval: "month",
        trialDays: 14,
      });
      at(i, sale.events);
      // The $0 first invoice is no sale; only the first paid invoice after the trial earns.
      if (n % 3 !== 2) {
        const ended = await sim.events.trialEnded({
          account,
          subscription: sale.subscription!.id,
          deliver: false,
        });
        at(i + 2 * LAG, ended.events);
        sales.push({
          kind: "trial, paid after",
          key: ended.invoice.id,
          amount,
          commission: commissionOn(amount),
        });
        count("trial, paid after");
      } else count("trial, still trialing");
    } else {
      const authorised = 3000 + i;
      const sale = await sim.events.checkoutPayment({ ...base, amount: authorised, captureMethod: "manual" });
      at(i, sale.events);
      const partial = n % 3 === 1;
      const amount = partial ? Math.floor(authorised * 0.6) : authorised;
      const capture = await sim.events.captureCharge({
        account,
        charge: sale.charge!.id,
        ...(partial ? { amount } : {}),
        deliver: false,
      });
      at(i + LAG, capture.events);
      // The uncaptured rest Stripe releases is no refund: the sale is what was captured.
      const kind: SaleKind = partial ? "captured in part" : "captured in full";
      sales.push({ kind, key: sale.paymentIntent!.id, amount, commission: commissionOn(amount) });
      count(kind);
    }
  }
  const events = timeline.flatMap((slot) => slot ?? []);
  const ids = new Set(events.map((e) => e.id));
  if (ids.size !== events.length) throw new Error("the mix repeats an event id");
  return { events, sales, refunds, kinds };
}

export interface LedgerCheck {
  kind: SaleKind | "all";
  sales: number;
  purchases: number;
  "commission expected": number;
  "commission recorded": number;
  mismatches: number;
}

/** Compares the ledger with what every sale of the mix must leave, sale by sale. */
export async function checkLedger(db: Db, merchantId: string, mix: Mix) {
  const purchases = (await db.execute(sql`
    select p.stripe_payment_intent_id as pi, p.stripe_invoice_id as invoice, p.amount,
           c.amount as commission, c.status, c.kind
      from purchases p left join commissions c on c.merchant_id = p.merchant_id and c.purchase_id = p.id
     where p.merchant_id = ${merchantId}`)) as unknown as {
    pi: string | null;
    invoice: string | null;
    amount: number;
    commission: number | null;
    status: string | null;
    kind: string | null;
  }[];
  const adjustments = (await db.execute(sql`
    select id, kind, status, effect from sale_adjustments where merchant_id = ${merchantId}`)) as unknown as {
    id: string;
    kind: string;
    status: string;
    effect: string;
  }[];
  const byKey = new Map<string, (typeof purchases)[number][]>();
  for (const p of purchases) {
    for (const key of new Set([p.pi, p.invoice])) {
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), p]);
    }
  }
  const rows = new Map<SaleKind, LedgerCheck>();
  const problems: string[] = [];
  const matched = new Set<(typeof purchases)[number]>();
  for (const sale of mix.sales) {
    const row = rows.get(sale.kind) ?? {
      kind: sale.kind,
      sales: 0,
      purchases: 0,
      "commission expected": 0,
      "commission recorded": 0,
      mismatches: 0,
    };
    rows.set(sale.kind, row);
    row.sales++;
    row["commission expected"] += sale.commission;
    const found = byKey.get(sale.key) ?? [];
    const purchase = found[0];
    for (const p of found) matched.add(p);
    if (purchase) {
      row.purchases++;
      row["commission recorded"] += purchase.commission ?? 0;
    }
    const ok =
      found.length === 1 &&
      purchase!.amount === sale.amount &&
      purchase!.commission === sale.commission &&
      purchase!.kind === "sale" &&
      purchase!.status === "pending";
    if (!ok) {
      row.mismatches++;
      if (problems.length < 10)
        problems.push(
          `${sale.kind} ${sale.key}: expected ${sale.amount} → ${sale.commission} pending, found ${JSON.stringify(found)}`,
        );
    }
  }
  const extra = purchases.filter((p) => !matched.has(p));
  for (const p of extra.slice(0, 5)) problems.push(`unexpected purchase ${JSON.stringify(p)}`);
  const refunds = new Map(adjustments.filter((a) => a.kind === "refund").map((a) => [a.id, a]));
  let refundMismatches = 0;
  for (const refund of mix.refunds) {
    const row = refunds.get(refund.id);
    if (row?.status === refund.status && row.effect === refund.effect) continue;
    refundMismatches++;
    if (problems.length < 15)
      problems.push(
        `refund ${refund.id} (${refund.kind}): expected ${refund.status}/${refund.effect}, found ${JSON.stringify(row ?? null)}`,
      );
  }
  if (adjustments.length !== mix.refunds.length)
    problems.push(`${adjustments.length} sale adjustments, expected ${mix.refunds.length} (one per refund)`);
  const table = [...rows.values()];
  const total: LedgerCheck = {
    kind: "all",
    sales: mix.sales.length,
    purchases: purchases.length,
    "commission expected": table.reduce((s, r) => s + r["commission expected"], 0),
    "commission recorded": purchases.reduce((s, p) => s + (p.commission ?? 0), 0),
    mismatches: table.reduce((s, r) => s + r.mismatches, 0) + extra.length,
  };
  const ok = total.mismatches === 0 && refundMismatches === 0 && adjustments.length === mix.refunds.length;
  return {
    table: [...table, total],
    refunds: { expected: mix.refunds.length, adjustments: adjustments.length, refundMismatches },
    problems,
    ok,
  };
}
