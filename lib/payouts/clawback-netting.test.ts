import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { commissions } from "@/db/schema";
import { connectedShop, expectDelivered, setMerchant, trackedVisitor } from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { createPayouts, markPayoutPaid, nothingToPayReason } from "./payouts";

/** Payouts over commissions made the real way: Stripe events through the webhook handler. */
let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

it("a refund after payment claws back, and the clawback nets against the next payout", async () => {
  const shop = await connectedShop(bed, { mode: "live" });
  await setMerchant(bed, shop.merchantId, { commissionHoldDays: 0 });
  const actor = { merchantId: shop.merchantId, userId: shop.userId };
  const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
  const buy = (email: string, amount: number) =>
    bed.sim.events.checkoutPayment({
      account: shop.account,
      email,
      amount,
      clientReferenceId: visitorId,
      createCustomer: true,
    });

  const first = await buy("buyer@example.com", 10_000);
  expectDelivered(first);
  const batch1 = await createPayouts(bed.db, actor, {});
  expect(batch1.payouts.map((p) => [p.amount, p.currency, p.livemode])).toEqual([[2000, "usd", true]]);
  await markPayoutPaid(bed.db, actor, batch1.payouts[0]!.id);

  // Half the first sale is refunded after the affiliate was paid: -1000 is clawed back.
  expectDelivered(
    await bed.sim.events.refund({ account: shop.account, charge: first.charge!.id, amount: 5000 }),
  );
  const clawbacks = await bed.db
    .select()
    .from(commissions)
    .where(and(eq(commissions.merchantId, shop.merchantId), eq(commissions.kind, "clawback")));
  expect(clawbacks.map((c) => [c.amount, c.status, c.payoutId])).toEqual([[-1000, "due", null]]);

  // A clawback alone is never paid out; it waits for the affiliate's next commission.
  const alone = await createPayouts(bed.db, actor, {});
  expect(alone).toEqual({ payouts: [], carriedOver: [], considered: 1 });
  expect(nothingToPayReason(alone)).toMatch(/never paid out alone/);

  // The next sale's commission (1500) is selected; the clawback nets in: 500 is paid.
  expectDelivered(await buy("buyer@example.com", 7500));
  const [next] = await bed.db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, shop.merchantId),
        eq(commissions.kind, "sale"),
        eq(commissions.status, "due"),
      ),
    );
  const batch2 = await createPayouts(bed.db, actor, { commissionIds: [next!.id] });
  expect(batch2.payouts.map((p) => [p.amount, p.commissionCount])).toEqual([[500, 2]]);
  const { payout } = await markPayoutPaid(bed.db, actor, batch2.payouts[0]!.id);
  expect(payout.amount).toBe(500);
  const after = await bed.db.select().from(commissions).where(eq(commissions.merchantId, shop.merchantId));
  expect(after.map((c) => c.status).sort()).toEqual(["paid", "paid", "paid"]);
});
