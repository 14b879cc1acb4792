import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { commissions, payouts } from "@/db/schema";
import { createPayouts, discardPayout, markPayoutPaid } from "@/lib/payouts/payouts";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import {
  converges,
  deliverAll,
  ledgerOf,
  lifecycleShop,
  normalLedger,
  type Shop,
  type SimEvent,
  sale,
} from "./lifecycles-testing";
import { setMerchant, trackedVisitor } from "./sales-testing";

// Each scenario runs in 22 delivery orders on fresh shops: minutes on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

/**
 * Refunds that meet payouts (SPEC §6): after the affiliate was paid (clawbacks, and their
 * reversal when the refund fails) and while a commission sits in a draft batch; and tax, which
 * the base leaves out while refunds count pro rata of what Stripe charged. Every scenario in
 * Stripe's order, reversed and in 20 shuffles with every event twice. Plan: 20%, no hold.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const events = (...results: { events: SimEvent[] }[]) => results.flatMap((r) => r.events);
const actorOf = (shop: Shop) => ({ merchantId: shop.merchantId, userId: shop.userId });

/** A one-off sale of 10,000 by a new tracked visitor of the shop's affiliate. */
async function sold(shop: Shop, n = 1) {
  const { visitorId } =
    n === 1 ? { visitorId: shop.visitorId } : await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
  return bed.sim.events.checkoutPayment({
    account: shop.account,
    email: `buyer${n}-${shop.visitorId}@example.com`,
    amount: 10_000,
    clientReferenceId: visitorId,
    deliver: false,
  });
}

async function noHold(shop: Shop) {
  await setMerchant(bed, shop.merchantId, { commissionHoldDays: 0 });
}

/** Batches every due commission and marks the batch paid. */
async function payAll(shop: Shop) {
  const created = await createPayouts(bed.db, actorOf(shop), { includeTestMode: true });
  for (const payout of created.payouts) await markPayoutPaid(bed.db, actorOf(shop), payout.id);
  return created;
}

async function payoutRows(shop: Shop) {
  return bed.db
    .select({ status: payouts.status, amount: payouts.amount, commissionCount: payouts.commissionCount })
    .from(payouts)
    .where(eq(payouts.merchantId, shop.merchantId))
    .orderBy(asc(payouts.createdAt));
}

async function inBatch(shop: Shop) {
  const rows = await bed.db
    .select({ amount: commissions.amount, payoutId: commissions.payoutId })
    .from(commissions)
    .where(and(eq(commissions.merchantId, shop.merchantId)))
    .orderBy(asc(commissions.amount));
  return rows.map((r) => [r.amount, r.payoutId !== null]);
}

const paidSale = (...clawbacks: { amount: number; status: string }[]) =>
  sale(10_000, {}, { amount: 2000, status: "paid" }, ...clawbacks.map((c) => ({ kind: "clawback", ...c })));

describe("refunds after payout", () => {
  it("a refund claws back; when it fails, the unpaid clawback is cancelled", async () => {
    const shop = await lifecycleShop(bed);
    await noHold(shop);
    await deliverAll(bed, (await sold(shop)).events);
    await payAll(shop);
    const charge = [...bed.sim.state.accounts.get(shop.account)!.charges.keys()][0]!;
    const refund = await bed.sim.events.refund({
      account: shop.account,
      charge,
      amount: 4000,
      status: "pending",
    });
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf({
        ...paidSale({ amount: -800, status: "due" }),
        amountRefunded: 4000,
        status: "partially_refunded",
      }),
    );
    await bed.sim.events.failRefund({ account: shop.account, refund: refund.refund.id });
    const rows = await bed.db
      .select({ kind: commissions.kind, amount: commissions.amount, status: commissions.status })
      .from(commissions)
      .where(eq(commissions.merchantId, shop.merchantId))
      .orderBy(asc(commissions.kind));
    expect(rows).toEqual([
      { kind: "clawback", amount: 0, status: "cancelled" },
      { kind: "sale", amount: 2000, status: "paid" },
    ]);

    await converges(
      bed,
      "transaction",
      async (shop) => {
        await noHold(shop);
        const sale1 = await sold(shop);
        const charge = sale1.charge!.id;
        const pending = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 4000,
          status: "pending",
          deliver: false,
        });
        const failed = await bed.sim.events.failRefund({
          account: shop.account,
          refund: pending.refund.id,
          deliver: false,
        });
        return {
          phases: [sale1.events, events(pending, failed)],
          after: [() => payAll(shop).then(() => {})],
        };
      },
      ledgerOf(paidSale()),
    );
  });

  it("a clawback already netted in a paid batch is reversed by a positive one", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        await noHold(shop);
        const sale1 = await sold(shop);
        const sale2 = await sold(shop, 2);
        const pending = await bed.sim.events.refund({
          account: shop.account,
          charge: sale1.charge!.id,
          amount: 4000,
          status: "pending",
          deliver: false,
        });
        const failed = async () =>
          (
            await bed.sim.events.failRefund({
              account: shop.account,
              refund: pending.refund.id,
              deliver: false,
            })
          ).events;
        const pay = () => payAll(shop).then(() => {});
        return {
          // The refund fails after the second batch was paid.
          phases: [sale1.events, events(sale2, pending), failed],
          after: [pay, pay],
        };
      },
      ledgerOf(
        // The second batch paid 2,000 − 800; the refund then failed: 800 is owed back.
        paidSale({ amount: -800, status: "paid" }, { amount: 800, status: "due" }),
        paidSale(),
      ),
      {
        check: async (shop) => {
          expect(await payoutRows(shop)).toEqual([
            { status: "paid", amount: 2000, commissionCount: 1 },
            { status: "paid", amount: 1200, commissionCount: 2 },
          ]);
        },
      },
    );
  });
});

describe("disputes after payout", () => {
  const dispute = (outcome: "won" | "lost") => async (shop: Shop) => {
    await noHold(shop);
    const sale1 = await sold(shop);
    const opened = async () =>
      (
        await bed.sim.events.dispute({
          account: shop.account,
          charge: sale1.charge!.id,
          outcome,
          deliver: false,
        })
      ).events;
    return { phases: [sale1.events, opened], after: [() => payAll(shop).then(() => {})] };
  };

  it("a chargeback lost after payout claws the whole commission back", async () => {
    await converges(
      bed,
      "transaction",
      dispute("lost"),
      ledgerOf({ ...paidSale({ amount: -2000, status: "due" }), status: "disputed", disputeStatus: "lost" }),
    );
  });

  it("a chargeback won after payout: what its withdrawal clawed back is undone", async () => {
    await converges(bed, "transaction", dispute("won"), ledgerOf({ ...paidSale(), disputeStatus: "won" }));
  });
});

describe("refunds while in a draft batch", () => {
  it("the commission leaves the batch with its new amount; the batch totals follow; discarded, it keeps it", async () => {
    let draft = "";
    await converges(
      bed,
      "transaction",
      async (shop) => {
        await noHold(shop);
        const sale1 = await sold(shop);
        const sale2 = await sold(shop, 2);
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge: sale1.charge!.id,
          amount: 5000,
          deliver: false,
        });
        return {
          phases: [events(sale1, sale2), refund.events],
          after: [
            async () => {
              const created = await createPayouts(bed.db, actorOf(shop), { includeTestMode: true });
              draft = created.payouts[0]!.id;
              expect(await payoutRows(shop)).toEqual([{ status: "draft", amount: 4000, commissionCount: 2 }]);
            },
            async () => {
              expect(await payoutRows(shop)).toEqual([{ status: "draft", amount: 2000, commissionCount: 1 }]);
              expect(await inBatch(shop)).toEqual([
                [1000, false],
                [2000, true],
              ]);
              await discardPayout(bed.db, actorOf(shop), draft);
              expect(await inBatch(shop)).toEqual([
                [1000, false],
                [2000, false],
              ]);
            },
          ],
        };
      },
      ledgerOf(
        sale(10_000, {}, { amount: 2000, status: "due" }),
        sale(10_000, { amountRefunded: 5000, status: "partially_refunded" }, { amount: 1000, status: "due" }),
      ),
      {
        check: async (shop) => {
          // The next batch takes both, as they are now.
          const next = await createPayouts(bed.db, actorOf(shop), { includeTestMode: true });
          expect(next.payouts.map((p) => [p.amount, p.commissionCount])).toEqual([[3000, 2]]);
        },
      },
    );
  });
});

/** Tax on the session, its charge and its payment intent, as Stripe Tax would add it. */
function taxCheckout(shop: Shop, checkout: Awaited<ReturnType<typeof sold>>, tax: number) {
  const stored = bed.sim.state.accounts.get(shop.account)!;
  const session = stored.checkoutSessions.get(checkout.session.id)!;
  const charge = stored.charges.get(checkout.charge!.id)!;
  const intent = stored.paymentIntents.get(charge.payment_intent)!;
  const withTax = (object: Record<string, unknown>) => {
    if (object.id === session.id) {
      object.amount_total = (object.amount_total as number) + tax;
      object.total_details = { ...(object.total_details as object), amount_tax: tax };
    } else if (object.id === charge.id) {
      object.amount = (object.amount as number) + tax;
      object.amount_captured = (object.amount_captured as number) + tax;
    } else if (object.id === intent.id) {
      object.amount = (object.amount as number) + tax;
      object.amount_received = (object.amount_received as number) + tax;
    }
  };
  for (const object of [session, charge, intent]) withTax(object as unknown as Record<string, unknown>);
  for (const event of checkout.events as unknown as { data: { object: Record<string, unknown> } }[])
    withTax(event.data.object);
}

/** Tax on a subscription's first invoice (total_taxes) and the charge that paid it. */
function taxInvoice(shop: Shop, invoiceId: string, chargeId: string, eventList: SimEvent[], tax: number) {
  const stored = bed.sim.state.accounts.get(shop.account)!;
  const invoice = stored.invoices.get(invoiceId)!;
  const charge = stored.charges.get(chargeId)!;
  const withTax = (object: Record<string, unknown>) => {
    if (object.id === invoice.id) {
      for (const key of ["total", "amount_due", "amount_paid"]) object[key] = (object[key] as number) + tax;
      object.total_taxes = [
        {
          amount: tax,
          tax_behavior: "exclusive",
          tax_rate_details: { tax_rate: "txr_vat" },
          taxability_reason: "standard_rated",
          taxable_amount: object.subtotal,
          type: "tax_rate_details",
        },
      ];
    } else if (object.id === charge.id) {
      object.amount = (object.amount as number) + tax;
      object.amount_captured = (object.amount_captured as number) + tax;
    }
  };
  for (const object of [invoice, charge]) withTax(object as unknown as Record<string, unknown>);
  for (const event of eventList as unknown as { data: { object: Record<string, unknown> } }[])
    withTax(event.data.object);
}

describe("tax", () => {
  it("a Checkout sale with 1,000 tax earns on 10,000; a refund of 5,500 of 11,000 takes half", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const checkout = await sold(shop);
        taxCheckout(shop, checkout, 1000);
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge: checkout.charge!.id,
          amount: 5500,
          deliver: false,
        });
        return { phases: [events(checkout, refund)] };
      },
      ledgerOf(
        sale(
          10_000,
          { chargedAmount: 11_000, amountRefunded: 5000, status: "partially_refunded" },
          { amount: 1000 },
        ),
      ),
    );
  });

  it("a subscription invoice with total_taxes: base net of tax, refunds pro rata of what was charged", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const start = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: `taxed-${shop.visitorId}@example.com`,
          amount: 10_000,
          interval: "month",
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        taxInvoice(shop, start.invoice!.id, start.charge!.id, start.events, 1000);
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge: start.charge!.id,
          amount: 2200,
          deliver: false,
        });
        return { phases: [events(start, refund)] };
      },
      // half_up(20% × 10,000 × 8,800 / 11,000) = 1,600; 2,200 of 11,000 charged is 2,000 of the base.
      ledgerOf(
        sale(
          10_000,
          { source: "invoice", chargedAmount: 11_000, amountRefunded: 2000, status: "partially_refunded" },
          { amount: 1600 },
        ),
      ),
    );
  });
});
