import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAffiliate } from "@/db/queries/affiliates";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { affiliates, jobs, merchants } from "@/db/schema";
import { updateAffiliate } from "@/lib/affiliates/update";
import { JobRunner, runJobsUntilIdle } from "@/lib/jobs/runner";
import { connectedShop } from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { COUPON_SYNC } from "./jobs";
import { couponSyncProgress } from "./progress";
import { requestAffiliateCouponSync, saveCouponSettings } from "./settings";
import {
  activeByCode,
  insertCouponAffiliates,
  promotionCodesCreated,
  promotionCodesOf,
  testJobDeps,
} from "./testing";

let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(() => bed?.close());

const DISCOUNT = {
  discountType: "percent",
  percentOffBps: 1500,
  amountOff: null,
  currency: null,
  duration: "repeating",
  durationMonths: 3,
} as const;

async function shop(options: { autoSync?: boolean } = {}) {
  const s = await connectedShop(bed);
  await saveCouponSettings(bed.db, {
    merchantId: s.merchantId,
    actorUserId: s.userId,
    input: { ...DISCOUNT, autoSync: options.autoSync ?? true },
  });
  return s;
}

const run = () => runJobsUntilIdle(bed.db, testJobDeps(bed), { backoff: { baseMs: 5, maxMs: 50 } });
const affiliate = async (merchantId: string, id: string) => (await getAffiliate(bed.db, merchantId, id))!;
const coupon = async (merchantId: string) =>
  (await activeConnectionForMerchant(bed.db, merchantId))!.affiliateCouponId;

describe("syncing an affiliate's coupon code", () => {
  it("queues the sync with the change and creates the promotion code on the merchant's coupon", async () => {
    const s = await shop();
    await run();
    const updated = await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "MAYA15" });
    expect(updated.couponSyncStatus).toBe("pending");
    const queued = await bed.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.merchantId, s.merchantId), eq(jobs.kind, COUPON_SYNC), eq(jobs.status, "queued")));
    expect(queued.map((j) => j.payload.affiliateId)).toEqual([s.affiliate.id]);

    await run();
    const after = await affiliate(s.merchantId, s.affiliate.id);
    expect(after).toMatchObject({ couponSyncStatus: "synced", couponSyncError: null });
    const promos = promotionCodesOf(bed.sim, s.account);
    expect(promos).toHaveLength(1);
    expect(promos[0]).toMatchObject({
      id: after.stripePromotionCodeId,
      code: "MAYA15",
      active: true,
      metadata: { leadtrail_affiliate_id: s.affiliate.id, leadtrail_merchant_id: s.merchantId },
      promotion: { type: "coupon", coupon: await coupon(s.merchantId) },
    });
    const coupons = [...bed.sim.state.accounts.get(s.account)!.coupons.values()];
    expect(coupons).toEqual([
      expect.objectContaining({
        percent_off: 15,
        duration: "repeating",
        duration_in_months: 3,
        name: "15% off for 3 months",
        metadata: { leadtrail: "affiliate_coupon", leadtrail_merchant_id: s.merchantId },
      }),
    ]);
    expect(after.stripeCouponId).toBe(coupons[0]!.id);
  });

  it("links a code that already exists in Stripe on the merchant's coupon instead of duplicating it", async () => {
    const s = await shop();
    const [first] = await insertCouponAffiliates(bed.db, s.merchantId, ["FIRST"]);
    await requestAffiliateCouponSync(bed.db, s.merchantId, first!);
    await run();
    const couponId = (await coupon(s.merchantId))!;
    const byHand = await bed.stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: couponId }, code: "handmade" },
      { stripeAccount: s.account },
    );
    const before = promotionCodesCreated(bed.sim, s.account);

    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "HANDMADE" });
    await run();

    const after = await affiliate(s.merchantId, s.affiliate.id);
    expect(after).toMatchObject({ couponSyncStatus: "synced", stripePromotionCodeId: byHand.id });
    expect(promotionCodesCreated(bed.sim, s.account)).toBe(before);
    expect(activeByCode(bed.sim, s.account).get("handmade")).toHaveLength(1);

    // Synced again (a bulk run): still that one, still no new code.
    await requestAffiliateCouponSync(bed.db, s.merchantId, s.affiliate.id);
    await run();
    expect((await affiliate(s.merchantId, s.affiliate.id)).stripePromotionCodeId).toBe(byHand.id);
    expect(promotionCodesCreated(bed.sim, s.account)).toBe(before);
  });

  it("reports a code taken in Stripe by another coupon, unless it was made for this affiliate", async () => {
    const s = await shop();
    const other = await bed.stripe.coupons.create(
      { percent_off: 50, duration: "once" },
      { stripeAccount: s.account },
    );
    await bed.stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: other.id }, code: "SUMMER" },
      { stripeAccount: s.account },
    );
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "summer" });
    await run();
    const failed = await affiliate(s.merchantId, s.affiliate.id);
    expect(failed).toMatchObject({
      couponSyncStatus: "failed",
      couponSyncError: `Code SUMMER already exists in Stripe on coupon ${other.id}`,
      stripePromotionCodeId: null,
    });
    expect(activeByCode(bed.sim, s.account).get("summer")).toHaveLength(1);

    // The merchant made one by hand for this affiliate and said so in its metadata: linked.
    const [maker] = await insertCouponAffiliates(bed.db, s.merchantId, [null]);
    const mine = await bed.stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: other.id }, code: "MAKER", metadata: { affiliate_id: maker! } },
      { stripeAccount: s.account },
    );
    await updateAffiliate(bed.db, s.merchantId, maker!, { couponCode: "MAKER" });
    await run();
    expect(await affiliate(s.merchantId, maker!)).toMatchObject({
      couponSyncStatus: "synced",
      stripePromotionCodeId: mine.id,
      stripeCouponId: other.id,
    });
  });

  it("deactivates the old promotion code when the code changes, and when it is removed", async () => {
    const s = await shop();
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "OLD-CODE" });
    await run();
    const oldId = (await affiliate(s.merchantId, s.affiliate.id)).stripePromotionCodeId!;

    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "NEW-CODE" });
    await run();
    const after = await affiliate(s.merchantId, s.affiliate.id);
    expect(after.couponSyncStatus).toBe("synced");
    expect(after.stripePromotionCodeId).not.toBe(oldId);
    const promos = promotionCodesOf(bed.sim, s.account);
    expect(promos.find((p) => p.id === oldId)).toMatchObject({ code: "OLD-CODE", active: false });
    expect(promos.find((p) => p.id === after.stripePromotionCodeId)).toMatchObject({
      code: "NEW-CODE",
      active: true,
    });

    // And back: the freed old code is created again (the replayed create is reactivated).
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "OLD-CODE" });
    await run();
    const back = await affiliate(s.merchantId, s.affiliate.id);
    expect(back.couponSyncStatus).toBe("synced");
    expect(
      activeByCode(bed.sim, s.account)
        .get("old-code")
        ?.map((p) => p.id),
    ).toEqual([back.stripePromotionCodeId]);
    expect(activeByCode(bed.sim, s.account).get("new-code")).toBeUndefined();

    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "" });
    await run();
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      couponCode: null,
      couponSyncStatus: "none",
      stripePromotionCodeId: null,
    });
    expect(activeByCode(bed.sim, s.account).size).toBe(0);
  });

  it("never repeats a create whose answer was lost: the idempotency key returns the first one", async () => {
    const s = await shop();
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "LOST" });
    await run();
    const created = (await affiliate(s.merchantId, s.affiliate.id)).stripePromotionCodeId;
    // As if the process died after Stripe created it but before the link was stored.
    await bed.db
      .update(affiliates)
      .set({
        stripePromotionCodeId: null,
        stripeCouponId: null,
        couponSyncingCode: "LOST",
        couponSyncStatus: "pending",
      })
      .where(eq(affiliates.id, s.affiliate.id));
    await requestAffiliateCouponSync(bed.db, s.merchantId, s.affiliate.id);
    await run();
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      stripePromotionCodeId: created,
      couponSyncingCode: null,
      couponSyncStatus: "synced",
    });
    expect(promotionCodesCreated(bed.sim, s.account)).toBe(1);
    expect(activeByCode(bed.sim, s.account).get("lost")).toHaveLength(1);

    // Cut short the same way, and the code changed before the next sync: the stray code is deactivated.
    await bed.db
      .update(affiliates)
      .set({ stripePromotionCodeId: null, stripeCouponId: null, couponSyncingCode: "LOST" })
      .where(eq(affiliates.id, s.affiliate.id));
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "FOUND" });
    await run();
    expect(activeByCode(bed.sim, s.account).get("lost")).toBeUndefined();
    expect(activeByCode(bed.sim, s.account).get("found")).toHaveLength(1);
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      couponSyncStatus: "synced",
      couponSyncingCode: null,
    });
  });

  it("syncs everything exactly once through a 429 storm and injected 5xx", async () => {
    const s = await shop({ autoSync: false });
    const codes = Array.from({ length: 40 }, (_, i) => `STORM-${i}`);
    const ids = await insertCouponAffiliates(bed.db, s.merchantId, codes);
    bed.sim.injectFaults({ status: 429, count: 60 });
    bed.sim.injectFaults({ status: 503, rate: 0.25, path: /promotion_codes/ });
    bed.sim.injectFaults({ status: 500, count: 3, path: /coupons/ });
    try {
      await saveCouponSettings(bed.db, {
        merchantId: s.merchantId,
        actorUserId: s.userId,
        input: { ...DISCOUNT, autoSync: true },
      });
      await run();
    } finally {
      bed.sim.clearFaults();
    }
    const rows = await Promise.all(ids.map((id) => affiliate(s.merchantId, id)));
    expect(rows.map((r) => r.couponSyncStatus)).toEqual(ids.map(() => "synced"));
    const active = activeByCode(bed.sim, s.account);
    for (const code of codes) expect(active.get(code.toLowerCase())).toHaveLength(1);
    expect(promotionCodesCreated(bed.sim, s.account)).toBe(codes.length);
    expect(bed.sim.state.accounts.get(s.account)!.coupons.size).toBe(1);
    const faults = bed.sim.state.requests.filter((r) => r.account === s.account && r.note === "fault");
    expect(faults.length).toBeGreaterThan(60);
    const progress = await couponSyncProgress(bed.db, s.merchantId);
    expect(progress).toMatchObject({ total: 40, done: 40, failed: 0, remaining: 0, finished: true });
  });
});

describe("changes while syncs run", () => {
  it("converges: each affiliate's last code is synced once, earlier ones deactivated, taken ones reported", async () => {
    const s = await shop({ autoSync: false });
    const other = await bed.stripe.coupons.create(
      { percent_off: 5, duration: "once" },
      { stripeAccount: s.account },
    );
    await bed.stripe.promotionCodes.create(
      { promotion: { type: "coupon", coupon: other.id }, code: "TAKEN-3" },
      { stripeAccount: s.account },
    );
    const ids = await insertCouponAffiliates(bed.db, s.merchantId, ["RACE-0", "RACE-1", "RACE-2", "RACE-3"]);
    const runner = new JobRunner(async () => bed.db, testJobDeps(bed), {
      backoff: { baseMs: 5, maxMs: 50 },
      pollMs: 20,
      concurrency: 8,
    }).start();
    try {
      // A bulk run, and edits landing while its jobs (and their failures) are in flight.
      await saveCouponSettings(bed.db, {
        merchantId: s.merchantId,
        actorUserId: s.userId,
        input: { ...DISCOUNT, autoSync: true },
      });
      for (let round = 1; round <= 3; round++) {
        await Promise.all(
          ids.map((id, i) =>
            updateAffiliate(bed.db, s.merchantId, id, {
              couponCode: round === 3 && i === 3 ? "taken-3" : `RACE-${i}-${round}`,
            }),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 15 * round));
      }
    } finally {
      await runner.stop();
    }
    await run();
    const rows = await Promise.all(ids.map((id) => affiliate(s.merchantId, id)));
    expect(rows.map((r) => [r.couponCode, r.couponSyncStatus])).toEqual([
      ["RACE-0-3", "synced"],
      ["RACE-1-3", "synced"],
      ["RACE-2-3", "synced"],
      ["taken-3", "failed"],
    ]);
    expect(rows[3]!.couponSyncError).toBe(`Code TAKEN-3 already exists in Stripe on coupon ${other.id}`);
    const active = activeByCode(bed.sim, s.account);
    expect([...active.keys()].sort()).toEqual(["race-0-3", "race-1-3", "race-2-3", "taken-3"]);
    expect([...active.values()].every((list) => list.length === 1)).toBe(true);
  });
});

describe("settings and bulk runs", () => {
  it("refuses automatic sync without a Stripe connection, and bad discounts", async () => {
    const s = await shop();
    await expect(
      saveCouponSettings(bed.db, {
        merchantId: s.merchantId,
        actorUserId: s.userId,
        input: { ...DISCOUNT, duration: "repeating", durationMonths: null, autoSync: false },
      }),
    ).rejects.toThrow("Enter the number of months");
    await expect(
      saveCouponSettings(bed.db, {
        merchantId: s.merchantId,
        actorUserId: s.userId,
        input: { ...DISCOUNT, percentOffBps: 10_001, autoSync: false },
      }),
    ).rejects.toThrow("Percent off must be more than 0% and at most 100%");
    await bed.db.update(merchants).set({ autoSyncCoupons: false }).where(eq(merchants.id, s.merchantId));
    const { disconnectStripe } = await import("@/lib/stripe/disconnect");
    await disconnectStripe(bed.db, s, { stripe: bed.stripe, clientId: bed.deps.clientId });
    await expect(
      saveCouponSettings(bed.db, {
        merchantId: s.merchantId,
        actorUserId: s.userId,
        input: { ...DISCOUNT, autoSync: true },
      }),
    ).rejects.toThrow("Connect Stripe before turning on Automatically Sync Affiliate Coupons");
  });

  it("re-syncs every existing code on Save, shows progress, and a new discount makes a new coupon for new codes", async () => {
    const s = await shop({ autoSync: false });
    const ids = await insertCouponAffiliates(bed.db, s.merchantId, ["BULK-A", "BULK-B", null, "BULK-C"]);
    expect(await couponSyncProgress(bed.db, s.merchantId)).toBeNull();
    // Auto-sync off: a code set now is not synced, and says so.
    await updateAffiliate(bed.db, s.merchantId, ids[2]!, { couponCode: "BULK-D" });
    expect((await affiliate(s.merchantId, ids[2]!)).couponSyncStatus).toBe("none");

    const { runId } = await saveCouponSettings(bed.db, {
      merchantId: s.merchantId,
      actorUserId: s.userId,
      input: { ...DISCOUNT, autoSync: true },
    });
    expect(runId).toMatch(/^run_/);
    expect(await couponSyncProgress(bed.db, s.merchantId)).toMatchObject({
      runId,
      total: null,
      finished: false,
    });
    await run();
    expect(await couponSyncProgress(bed.db, s.merchantId)).toMatchObject({
      runId,
      total: 4,
      done: 4,
      failed: 0,
      remaining: 0,
      finished: true,
    });
    const firstCoupon = await coupon(s.merchantId);

    await saveCouponSettings(bed.db, {
      merchantId: s.merchantId,
      actorUserId: s.userId,
      input: {
        discountType: "amount",
        percentOffBps: null,
        amountOff: 500,
        currency: "EUR",
        duration: "forever",
        durationMonths: null,
        autoSync: true,
      },
    });
    const [late] = await insertCouponAffiliates(bed.db, s.merchantId, [null]);
    await updateAffiliate(bed.db, s.merchantId, late!, { couponCode: "LATE" });
    await run();
    const newCoupon = await coupon(s.merchantId);
    expect(newCoupon).not.toBe(firstCoupon);
    const account = bed.sim.state.accounts.get(s.account)!;
    expect(account.coupons.get(newCoupon!)).toMatchObject({
      amount_off: 500,
      currency: "eur",
      duration: "forever",
      name: "€5.00 off forever",
    });
    // Existing codes keep their coupon (re-synced, not re-created); the new one is on the new coupon.
    const active = activeByCode(bed.sim, s.account);
    expect(active.get("bulk-a")?.[0]?.promotion.coupon).toBe(firstCoupon);
    expect(active.get("late")?.[0]?.promotion.coupon).toBe(newCoupon);
    expect([...active.values()].every((list) => list.length === 1)).toBe(true);
    expect(promotionCodesCreated(bed.sim, s.account)).toBe(5);
  });
});

describe("promotion code and coupon events from Stripe", () => {
  it("shows a promotion code deactivated in Stripe as failed, and synced again when reactivated", async () => {
    const s = await shop();
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "EVENTFUL" });
    await run();
    const promo = (await affiliate(s.merchantId, s.affiliate.id)).stripePromotionCodeId!;
    const later = Math.floor(Date.now() / 1000) + 5;

    const off = await bed.sim.events.promotionCodeUpdated({
      account: s.account,
      promotionCode: promo,
      active: false,
    });
    expect(off.deliveries.map((d) => d.status)).toEqual([200]);
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      couponSyncStatus: "failed",
      couponSyncError: "Promotion code EVENTFUL was deactivated in Stripe. Re-sync to make it active again.",
    });

    const on = await bed.sim.events.promotionCodeUpdated({
      account: s.account,
      promotionCode: promo,
      active: true,
      deliver: false,
    });
    const onEvent = { ...(on.events[0] as object), created: later };
    expect((await bed.sim.deliver(onEvent)).status).toBe(200);
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      couponSyncStatus: "synced",
      couponSyncError: null,
    });

    // A deactivation that happened before that, delivered late, changes nothing.
    const stale = { ...(off.events[0] as object), id: "evt_stale_promo_off", created: later - 60 };
    expect((await bed.sim.deliver(stale)).status).toBe(200);
    expect((await affiliate(s.merchantId, s.affiliate.id)).couponSyncStatus).toBe("synced");
  });

  it("a deleted affiliate coupon is forgotten and its codes move to a new one", async () => {
    const s = await shop();
    const ids = await insertCouponAffiliates(bed.db, s.merchantId, ["GONE-1", "GONE-2"]);
    await saveCouponSettings(bed.db, {
      merchantId: s.merchantId,
      actorUserId: s.userId,
      input: { ...DISCOUNT, autoSync: true },
    });
    await run();
    const oldCoupon = (await coupon(s.merchantId))!;

    const { deliveries } = await bed.sim.events.couponDeleted({ account: s.account, coupon: oldCoupon });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect(await coupon(s.merchantId)).toBeNull();
    expect((await affiliate(s.merchantId, ids[0]!)).couponSyncStatus).toBe("pending");

    await run();
    const newCoupon = (await coupon(s.merchantId))!;
    expect(newCoupon).not.toBe(oldCoupon);
    const active = activeByCode(bed.sim, s.account);
    for (const code of ["gone-1", "gone-2"]) {
      expect(active.get(code)?.map((p) => p.promotion.coupon)).toEqual([newCoupon]);
    }
    for (const id of ids) expect((await affiliate(s.merchantId, id)).couponSyncStatus).toBe("synced");
  });

  it("without automatic sync, codes on a deleted coupon show why they need a re-sync", async () => {
    const s = await shop();
    await updateAffiliate(bed.db, s.merchantId, s.affiliate.id, { couponCode: "MANUAL" });
    await run();
    await saveCouponSettings(bed.db, {
      merchantId: s.merchantId,
      actorUserId: s.userId,
      input: { ...DISCOUNT, autoSync: false },
    });
    const couponId = (await coupon(s.merchantId))!;
    await bed.sim.events.couponDeleted({ account: s.account, coupon: couponId });
    expect(await affiliate(s.merchantId, s.affiliate.id)).toMatchObject({
      couponSyncStatus: "failed",
      couponSyncError: `Coupon ${couponId} was deleted in Stripe, so this code gives no discount. Re-sync to move it to a new coupon.`,
    });
    await requestAffiliateCouponSync(bed.db, s.merchantId, s.affiliate.id);
    await run();
    const after = await affiliate(s.merchantId, s.affiliate.id);
    expect(after.couponSyncStatus).toBe("synced");
    expect(after.stripeCouponId).not.toBe(couponId);
    expect(activeByCode(bed.sim, s.account).get("manual")).toHaveLength(1);
  });
});
