import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

// Each scenario runs in 22 delivery orders on fresh shops: minutes on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

/**
 * What happens to a sale's money after it is taken (SPEC §5 "Stripe's real lifecycles", §6):
 * refunds, disputes and credit notes by their own ids, through the real webhook route. Each
 * scenario runs live (reads see each step) and then in Stripe's order, reversed and in 20
 * shuffles with every event twice; every ledger must equal the exact one expected. The default
 * plan: 20% of every payment. Payouts and tax: lifecycles-payouts.test.ts.
 */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const events = (...results: { events: SimEvent[] }[]) => results.flatMap((r) => r.events);

/** A one-off Checkout sale of `amount`, tracked to the shop's affiliate. */
async function oneOff(shop: Shop, amount = 10_000, options: { invoiceCreation?: boolean } = {}) {
  return bed.sim.events.checkoutPayment({
    account: shop.account,
    email: `buyer-${shop.visitorId}@example.com`,
    amount,
    clientReferenceId: shop.visitorId,
    deliver: false,
    ...options,
  });
}

const refunded = (amount: number, refundedAmount: number, commission: number, full = false) =>
  sale(
    amount,
    { amountRefunded: refundedAmount, status: full ? "refunded" : "partially_refunded" },
    commission > 0 ? { amount: commission } : { amount: 0, status: "cancelled" },
  );

describe("refunds by id", () => {
  it("a pending refund of 4,000 that fails gives everything back", async () => {
    const shop = await lifecycleShop(bed);
    const sold = await oneOff(shop);
    await deliverAll(bed, sold.events);
    const charge = sold.charge!.id;
    const pending = await bed.sim.events.refund({
      account: shop.account,
      charge,
      amount: 4000,
      status: "pending",
    });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(refunded(10_000, 4000, 1200)));
    await bed.sim.events.failRefund({ account: shop.account, refund: pending.refund.id });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(sale(10_000, {}, { amount: 2000 })));

    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const charge = sold.charge!.id;
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 4000,
          status: "pending",
          deliver: false,
        });
        const failed = await bed.sim.events.failRefund({
          account: shop.account,
          refund: refund.refund.id,
          deliver: false,
        });
        return { phases: [events(sold, refund, failed)] };
      },
      ledgerOf(sale(10_000, {}, { amount: 2000 })),
    );
  });

  it("a refund, then a second: cumulative figures", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const charge = sold.charge!.id;
        const first = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 3000,
          deliver: false,
        });
        const second = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 2000,
          deliver: false,
        });
        return { phases: [events(sold, first, second)] };
      },
      // half_up(20% × 10,000 × 5,000 / 10,000) = 1,000.
      ledgerOf(refunded(10_000, 5000, 1000)),
    );
  });

  it("a pending refund that settles, a requires_action one cancelled", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const charge = sold.charge!.id;
        const pending = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 2500,
          status: "pending",
          deliver: false,
        });
        const settled = await bed.sim.events.settleRefund({
          account: shop.account,
          refund: pending.refund.id,
          deliver: false,
        });
        const waiting = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 1500,
          status: "requires_action",
          deliver: false,
        });
        const cancelled = await bed.sim.events.cancelRefund({
          account: shop.account,
          refund: waiting.refund.id,
          deliver: false,
        });
        return { phases: [events(sold, pending, settled, waiting, cancelled)] };
      },
      ledgerOf(refunded(10_000, 2500, 1500)),
    );
  });

  it("rounds once: 3 refunds of 3,333 of 10,000 leave half_up(2,000 × 1 / 10,000) = 0", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const charge = sold.charge!.id;
        const list = [];
        for (let i = 0; i < 3; i++)
          list.push(
            await bed.sim.events.refund({ account: shop.account, charge, amount: 3333, deliver: false }),
          );
        return { phases: [events(sold, ...list)] };
      },
      ledgerOf(refunded(10_000, 9999, 0)),
    );
  });

  it("rounds once: 55 cents refunded 1 cent three times earns half_up(20% × 52) = 10, not 11", async () => {
    const shop = await lifecycleShop(bed);
    const sold = await oneOff(shop, 55);
    await deliverAll(bed, sold.events);
    const charge = sold.charge!.id;
    // Each refund alone rounds to nothing (20% of 1 cent); the sale's figure still moves.
    const figures = [];
    for (let i = 0; i < 3; i++) {
      await bed.sim.events.refund({ account: shop.account, charge, amount: 1 });
      figures.push((await normalLedger(bed, shop)).purchases[0]!.commissions[0]!.amount);
    }
    expect(figures).toEqual([11, 11, 10]);

    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop, 55);
        const charge = sold.charge!.id;
        const list = [];
        for (let i = 0; i < 3; i++)
          list.push(
            await bed.sim.events.refund({ account: shop.account, charge, amount: 1, deliver: false }),
          );
        return { phases: [events(sold, ...list)] };
      },
      ledgerOf(refunded(55, 3, 10)),
    );
  });

  it("rounds once: a 3-cent sale refunded 1 cent three times ends at 0", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop, 3);
        const charge = sold.charge!.id;
        const list = [];
        for (let i = 0; i < 3; i++)
          list.push(
            await bed.sim.events.refund({ account: shop.account, charge, amount: 1, deliver: false }),
          );
        return { phases: [events(sold, ...list)] };
      },
      ledgerOf(refunded(3, 3, 0, true)),
    );
  });
});

describe("disputes by id", () => {
  const disputed = (
    disputeStatus: "open" | "won" | "lost",
    commission: { amount: number; status?: string; holdReason?: string | null },
  ) =>
    sale(10_000, { status: disputeStatus === "won" ? "completed" : "disputed", disputeStatus }, commission);

  it("a chargeback holds the commission; won, it comes back", async () => {
    const shop = await lifecycleShop(bed);
    const sold = await oneOff(shop);
    await deliverAll(bed, sold.events);
    const opened = await bed.sim.events.dispute({ account: shop.account, charge: sold.charge!.id });
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(disputed("open", { amount: 0, status: "on_hold", holdReason: "dispute" })),
    );
    await bed.sim.events.updateDispute({ account: shop.account, dispute: opened.dispute.id });
    await bed.sim.events.closeDispute({ account: shop.account, dispute: opened.dispute.id, outcome: "won" });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(disputed("won", { amount: 2000 })));

    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const opened = await bed.sim.events.dispute({
          account: shop.account,
          charge: sold.charge!.id,
          deliver: false,
        });
        const evidence = await bed.sim.events.updateDispute({
          account: shop.account,
          dispute: opened.dispute.id,
          deliver: false,
        });
        const closed = await bed.sim.events.closeDispute({
          account: shop.account,
          dispute: opened.dispute.id,
          outcome: "won",
          deliver: false,
        });
        return { phases: [events(sold, opened, evidence, closed)] };
      },
      ledgerOf(disputed("won", { amount: 2000 })),
    );
  });

  it("a chargeback lost claws the commission back: cancelled, as it was unpaid", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const lost = await bed.sim.events.dispute({
          account: shop.account,
          charge: sold.charge!.id,
          outcome: "lost",
          deliver: false,
        });
        return { phases: [events(sold, lost)] };
      },
      ledgerOf(disputed("lost", { amount: 0, status: "cancelled" })),
    );
  });

  it("a partial dispute of 3,000 of 10,000, lost, leaves 1,400", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const lost = await bed.sim.events.dispute({
          account: shop.account,
          charge: sold.charge!.id,
          amount: 3000,
          outcome: "lost",
          deliver: false,
        });
        return { phases: [events(sold, lost)] };
      },
      ledgerOf(disputed("lost", { amount: 1400 })),
    );
  });

  it("an inquiry closed without a chargeback, then a chargeback on the same charge lost", async () => {
    const shop = await lifecycleShop(bed);
    const sold = await oneOff(shop);
    await deliverAll(bed, sold.events);
    const charge = sold.charge!.id;
    const inquiry = await bed.sim.events.dispute({ account: shop.account, charge, inquiry: true });
    expect(inquiry.dispute.status).toBe("warning_needs_response");
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(disputed("open", { amount: 2000, status: "on_hold", holdReason: "dispute" })),
    );
    await bed.sim.events.closeDispute({
      account: shop.account,
      dispute: inquiry.dispute.id,
      outcome: "warning_closed",
    });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(disputed("won", { amount: 2000 })));
    await bed.sim.events.dispute({ account: shop.account, charge, outcome: "lost" });
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(disputed("lost", { amount: 0, status: "cancelled" })),
    );

    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop);
        const charge = sold.charge!.id;
        const inquiry = await bed.sim.events.dispute({
          account: shop.account,
          charge,
          inquiry: true,
          deliver: false,
        });
        const closed = await bed.sim.events.closeDispute({
          account: shop.account,
          dispute: inquiry.dispute.id,
          outcome: "warning_closed",
          deliver: false,
        });
        const chargeback = await bed.sim.events.dispute({
          account: shop.account,
          charge,
          outcome: "lost",
          deliver: false,
        });
        return { phases: [events(sold, inquiry, closed, chargeback)] };
      },
      ledgerOf(disputed("lost", { amount: 0, status: "cancelled" })),
    );
  });
});

describe("credit notes", () => {
  it("out of band 2,000 of a 10,000 invoice leaves 1,600; voided, 2,000 again", async () => {
    const shop = await lifecycleShop(bed);
    const sold = await oneOff(shop, 10_000, { invoiceCreation: true });
    await deliverAll(bed, sold.events);
    const note = await bed.sim.events.creditNote({
      account: shop.account,
      invoice: sold.invoice!.id,
      outOfBandAmount: 2000,
    });
    expect(await normalLedger(bed, shop)).toEqual(
      ledgerOf(sale(10_000, { amountRefunded: 2000, status: "partially_refunded" }, { amount: 1600 })),
    );
    await bed.sim.events.voidCreditNote({ account: shop.account, creditNote: note.creditNote.id });
    expect(await normalLedger(bed, shop)).toEqual(ledgerOf(sale(10_000, {}, { amount: 2000 })));

    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop, 10_000, { invoiceCreation: true });
        const note = await bed.sim.events.creditNote({
          account: shop.account,
          invoice: sold.invoice!.id,
          outOfBandAmount: 2000,
          deliver: false,
        });
        const voided = await bed.sim.events.voidCreditNote({
          account: shop.account,
          creditNote: note.creditNote.id,
          deliver: false,
        });
        return { phases: [events(sold, note, voided)] };
      },
      ledgerOf(sale(10_000, {}, { amount: 2000 })),
    );
  });

  it("a refund-type credit note counts once; one to the customer's balance reduces too", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop, 10_000, { invoiceCreation: true });
        const invoice = sold.invoice!.id;
        const refundNote = await bed.sim.events.creditNote({
          account: shop.account,
          invoice,
          refundAmount: 3000,
          deliver: false,
        });
        const balanceNote = await bed.sim.events.creditNote({
          account: shop.account,
          invoice,
          creditAmount: 1000,
          deliver: false,
        });
        return { phases: [events(sold, refundNote, balanceNote)] };
      },
      // 4,000 off 10,000 in all: half_up(20% × 6,000) = 1,200.
      ledgerOf(refunded(10_000, 4000, 1200)),
    );
  });

  it("a refund, a credit note and a partial dispute lost on one sale add up, rounded once", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const sold = await oneOff(shop, 10_001, { invoiceCreation: true });
        const charge = sold.charge!.id;
        const refund = await bed.sim.events.refund({
          account: shop.account,
          charge,
          amount: 3000,
          deliver: false,
        });
        const note = await bed.sim.events.creditNote({
          account: shop.account,
          invoice: sold.invoice!.id,
          outOfBandAmount: 1000,
          deliver: false,
        });
        const dispute = await bed.sim.events.dispute({
          account: shop.account,
          charge,
          amount: 2000,
          outcome: "lost",
          deliver: false,
        });
        return { phases: [events(sold, refund, note, dispute)] };
      },
      // half_up(20% × 10,001 × 4,001 / 10,001) = half_up(800.2) = 800.
      ledgerOf(
        sale(10_001, { amountRefunded: 4000, status: "disputed", disputeStatus: "lost" }, { amount: 800 }),
      ),
    );
  });

  it("out of band 2,000 on a subscription's 10,000 invoice, tracked by transaction", async () => {
    await converges(
      bed,
      "transaction",
      async (shop) => {
        const start = await bed.sim.events.subscriptionStarted({
          account: shop.account,
          email: `sub-${shop.visitorId}@example.com`,
          amount: 10_000,
          interval: "month",
          clientReferenceId: shop.visitorId,
          deliver: false,
        });
        const note = await bed.sim.events.creditNote({
          account: shop.account,
          invoice: start.invoice!.id,
          outOfBandAmount: 2000,
          deliver: false,
        });
        return { phases: [events(start, note)] };
      },
      ledgerOf(
        sale(
          10_000,
          { source: "invoice", amountRefunded: 2000, status: "partially_refunded" },
          { amount: 1600 },
        ),
      ),
    );
  });
});
