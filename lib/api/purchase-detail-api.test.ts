import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as purchaseRoute from "@/app/api/v1/purchases/[id]/route";
import { createPrivateKey } from "@/db/queries/api-keys";
import { purchases } from "@/db/schema";
import { connectedShop, expectDelivered, trackedVisitor } from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { apiMerchant, callApi, installAppDatabase } from "./testing";

/**
 * GET /api/v1/purchases/{id} (SPEC §6): a sale made through the Stripe simulator's signed events
 * and the real webhook handler, then read back through the route handler with the shop's key.
 */
let bed: StripeTestbed;
let restore: () => void;
beforeAll(async () => {
  bed = await startStripeTestbed();
  restore = installAppDatabase(bed.handle);
});
afterAll(async () => {
  restore?.();
  await bed?.close();
});

/** The shop's one purchase. */
async function onlyPurchase(merchantId: string) {
  const rows = await bed.db
    .select({ id: purchases.id })
    .from(purchases)
    .where(eq(purchases.merchantId, merchantId));
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

const get = (id: string, key: string) =>
  callApi(purchaseRoute.GET, { path: `/api/v1/purchases/${id}`, key, params: { id } });

describe("GET /api/v1/purchases/{id}", () => {
  it("explains the commission: a refund that failed, a partial dispute, and the events behind them", async () => {
    const shop = await connectedShop(bed);
    const { key } = await createPrivateKey(bed.db, shop.merchantId);
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const sale = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "explain@example.com",
      amount: 10_000,
      clientReferenceId: visitorId,
    });
    expectDelivered(sale);
    const charge = sale.charge!.id;
    const refund = await bed.sim.events.refund({
      account: shop.account,
      charge,
      amount: 2000,
      status: "pending",
    });
    expectDelivered(refund);
    const failed = await bed.sim.events.failRefund({ account: shop.account, refund: refund.refund.id });
    expectDelivered(failed);
    const dispute = await bed.sim.events.dispute({ account: shop.account, charge, amount: 3000 });
    expectDelivered(dispute);
    const purchaseId = await onlyPurchase(shop.merchantId);

    const open = await get(purchaseId, key);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({
      id: purchaseId,
      affiliate_id: shop.affiliate.id,
      amount: 10_000,
      currency: "usd",
      status: "disputed",
      attribution: "tracking",
      livemode: false,
    });
    const refundId = refund.refund.id;
    const disputeId = dispute.dispute.id;
    const x = open.body.explanation;
    expect(x).toMatchObject({
      base: 10_000,
      charged_amount: 10_000,
      rule: { type: "percent", rate_bps: 2000, description: "20% of the base" },
      reductions: 3000,
      net_base: 7000,
      held: true,
      // half_up(20% × 10 000 × (10 000 − 3 000) / 10 000): the failed refund takes nothing.
      commission: { amount: 1400, formula: "20% × $100.00 × ($100.00 − $30.00) ÷ $100.00 = $14.00" },
      stripe: { charge, payment_intent: sale.session!.payment_intent, checkout_session: sale.session!.id },
    });
    const failedIds = failed.events.map((e) => e.id);
    expect(x.adjustments).toEqual([
      expect.objectContaining({
        id: refundId,
        kind: "refund",
        amount: 2000,
        status: "failed",
        effect: "none",
        effect_description: "nothing (failed)",
        event: { id: expect.any(String), type: expect.stringMatching(/refund/) },
      }),
      expect.objectContaining({
        id: disputeId,
        kind: "dispute",
        amount: 3000,
        effect: "reduces_and_holds",
        event: { id: expect.any(String), type: expect.stringMatching(/^charge\.dispute\./) },
      }),
    ]);
    expect(failedIds).toContain(x.adjustments[0].event.id);
    expect(dispute.events.map((e) => e.id)).toContain(x.adjustments[1].event.id);
    expect(x.commissions).toEqual([
      expect.objectContaining({
        kind: "sale",
        amount: 1400,
        status: "on_hold",
        hold_reason: "dispute",
        status_description: "On hold: a dispute is open",
      }),
    ]);
    // Every event that shaped the purchase, newest last, the adjustments' among them.
    const eventIds = x.events.map((e: { id: string }) => e.id);
    expect(eventIds).toEqual(expect.arrayContaining([x.adjustments[0].event.id, x.adjustments[1].event.id]));
    expect(eventIds).toEqual(
      expect.arrayContaining(
        sale.events.filter((e) => e.type === "checkout.session.completed").map((e) => e.id),
      ),
    );
    const times = x.events.map((e: { created_at: string }) => e.created_at);
    expect([...times].sort()).toEqual(times);
    expect(x.events[0]).toEqual({
      id: expect.any(String),
      type: expect.any(String),
      status: expect.stringMatching(/^(processed|ignored|skipped)$/),
      note: expect.toSatisfy((v) => v === null || typeof v === "string"),
      object_id: expect.any(String),
      created_at: expect.any(String),
      received_at: expect.any(String),
    });

    // Lost: the dispute's own 3 000 stays taken, the hold ends.
    const lost = await bed.sim.events.closeDispute({
      account: shop.account,
      dispute: disputeId,
      outcome: "lost",
    });
    expectDelivered(lost);
    const closed = (await get(purchaseId, key)).body.explanation;
    expect(closed.held).toBe(false);
    expect(closed.commission.amount).toBe(1400);
    expect(closed.adjustments[1]).toMatchObject({
      status: "lost",
      effect: "reduces",
      effect_description: "reduces the base",
      event: {
        type: "charge.dispute.closed",
        id: lost.events.find((e) => e.type === "charge.dispute.closed")!.id,
      },
    });
    expect(closed.commissions[0]).toMatchObject({ status: "pending", hold_reason: null, amount: 1400 });
  });

  it("answers 404 not_found for another merchant's purchase, an unknown id or a malformed one", async () => {
    const shop = await connectedShop(bed);
    const sale = await bed.sim.events.checkoutPayment({
      account: shop.account,
      email: "other@example.com",
      amount: 500,
    });
    expectDelivered(sale);
    const purchaseId = await onlyPurchase(shop.merchantId);
    const { key: own } = await createPrivateKey(bed.db, shop.merchantId);
    expect((await get(purchaseId, own)).status).toBe(200);

    const stranger = await apiMerchant(bed.handle);
    for (const id of [
      purchaseId,
      "pur_doesnotexist",
      "pur_%27%20or%201%3D1",
      "../purchases",
      "x".repeat(500),
    ]) {
      const res = await get(id, stranger.key);
      expect(res.status, id).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "No such purchase" } });
    }
    const res = await callApi(purchaseRoute.GET, {
      path: `/api/v1/purchases/${purchaseId}`,
      params: { id: purchaseId },
    });
    expect(res.status).toBe(401);
    const post = await callApi(purchaseRoute.POST, {
      method: "POST",
      path: `/api/v1/purchases/${purchaseId}`,
      key: own,
    });
    expect(post.status).toBe(405);
  });
});
