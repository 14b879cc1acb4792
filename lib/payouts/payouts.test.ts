import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { auditLog, commissions, merchants, payouts } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { payoutCsvFile, payoutDetail } from "./detail";
import {
  approveCommissions,
  cancelCommissions,
  createPayouts,
  discardPayout,
  markPayoutPaid,
} from "./payouts";
import { insertCommission } from "./testing";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

const db = () => handle.db;

/** A merchant with two affiliates; `actor` is how lib/payouts is called from the dashboard. */
async function shop() {
  const merchant = await createTestMerchant(db());
  await db().update(merchants).set({ name: "Ada's Shop" }).where(eq(merchants.id, merchant.id));
  const maya = await createTestAffiliate(db(), merchant.id, `maya${Math.random().toString(36).slice(2, 8)}`);
  const sam = await createTestAffiliate(db(), merchant.id, `sam${Math.random().toString(36).slice(2, 8)}`);
  return { merchantId: merchant.id, maya, sam, actor: { merchantId: merchant.id, userId: "usr_test" } };
}

async function statusOf(id: string) {
  const [row] = await db().select().from(commissions).where(eq(commissions.id, id));
  return row!;
}

describe("approve and cancel", () => {
  it("approve releases pending commissions from the hold and touches nothing else", async () => {
    const s = await shop();
    const later = new Date(Date.now() + 30 * 86_400_000);
    const pending = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: 100,
      status: "pending",
      dueAt: later,
    });
    const due = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: 200,
    });
    const paid = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: 300,
      status: "paid",
    });
    const cancelled = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: 0,
      status: "cancelled",
    });
    const other = await shop();
    const foreign = await insertCommission(db(), {
      merchantId: other.merchantId,
      affiliateId: other.maya.id,
      amount: 100,
      status: "pending",
    });

    const result = await approveCommissions(db(), s.actor, [
      pending.id,
      due.id,
      paid.id,
      cancelled.id,
      foreign.id,
    ]);
    expect(result.changed).toEqual([pending.id]);
    expect(result.unchanged).toEqual([due.id, paid.id, cancelled.id, foreign.id]);
    const approved = await statusOf(pending.id);
    expect(approved.status).toBe("due");
    // due_at moves to now, so a later refund recomputing "pending or due" from it keeps it due.
    expect(approved.dueAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await statusOf(paid.id)).status).toBe("paid");
    expect((await statusOf(cancelled.id)).status).toBe("cancelled");
    expect((await statusOf(foreign.id)).status).toBe("pending");
    const audit = await db().select().from(auditLog).where(eq(auditLog.merchantId, s.merchantId));
    expect(audit).toEqual([
      expect.objectContaining({ action: "commissions.approved", actorUserId: "usr_test" }),
    ]);
  });

  it("cancel moves pending, due and on-hold sale commissions only; never paid, batched or clawbacks", async () => {
    const s = await shop();
    const mk = (amount: number, extra: Partial<typeof commissions.$inferInsert> = {}) =>
      insertCommission(db(), { merchantId: s.merchantId, affiliateId: s.maya.id, amount, ...extra });
    const pending = await mk(100, { status: "pending" });
    const due = await mk(200);
    const held = await mk(300, { status: "on_hold" });
    const paid = await mk(400, { status: "paid" });
    const clawback = await mk(-50);
    const batched = await mk(500);
    await createPayouts(db(), s.actor, { commissionIds: [batched.id] });

    const result = await cancelCommissions(db(), s.actor, [
      pending.id,
      due.id,
      held.id,
      paid.id,
      clawback.id,
      batched.id,
    ]);
    expect(result.changed.sort()).toEqual([pending.id, due.id, held.id].sort());
    expect(result.unchanged).toEqual([paid.id, clawback.id, batched.id]);
    expect((await statusOf(paid.id)).status).toBe("paid");
    expect((await statusOf(clawback.id)).status).toBe("due");
    expect((await statusOf(batched.id)).status).toBe("due");
  });

  it("refuses an empty or oversized selection", async () => {
    const s = await shop();
    await expect(approveCommissions(db(), s.actor, [])).rejects.toThrow("Select at least one commission");
    await expect(
      cancelCommissions(
        db(),
        s.actor,
        Array.from({ length: 1001 }, (_, i) => `com_${i}`),
      ),
    ).rejects.toThrow("at most 1,000");
  });
});

describe("create payout", () => {
  it("batches due live commissions per currency, nets clawbacks, and carries over a net ≤ 0", async () => {
    const s = await shop();
    const carol = await createTestAffiliate(
      db(),
      s.merchantId,
      `carol${Math.random().toString(36).slice(2, 8)}`,
    );
    const mk = (affiliateId: string, amount: number, extra: Partial<typeof commissions.$inferInsert> = {}) =>
      insertCommission(db(), { merchantId: s.merchantId, affiliateId, amount, ...extra });
    const m1 = await mk(s.maya.id, 2000);
    const m2 = await mk(s.maya.id, 1000);
    const mClaw = await mk(s.maya.id, -500); // not selected: nets in anyway
    const sam1 = await mk(s.sam.id, 800);
    const samClaw = await mk(s.sam.id, -1200);
    const carolEur = await mk(carol.id, 700, { currency: "eur" });
    const test = await mk(carol.id, 999, { livemode: false });
    const pending = await mk(carol.id, 111, { status: "pending" });

    const result = await createPayouts(db(), s.actor, {
      commissionIds: [m1.id, m2.id, sam1.id, carolEur.id, test.id, pending.id],
    });
    expect(
      result.payouts.map((p) => [
        p.currency,
        p.amount,
        p.commissionCount,
        p.affiliateCount,
        p.livemode,
        p.status,
      ]),
    ).toEqual([
      ["eur", 700, 1, 1, true, "draft"],
      ["usd", 2500, 3, 1, true, "draft"],
    ]);
    const usd = result.payouts.find((p) => p.currency === "usd")!;
    expect(result.carriedOver).toEqual([
      expect.objectContaining({
        affiliateId: s.sam.id,
        amount: -400,
        commissionIds: [sam1.id, samClaw.id].sort(),
      }),
    ]);
    const inUsd = await db()
      .select({ id: commissions.id })
      .from(commissions)
      .where(eq(commissions.payoutId, usd.id));
    expect(inUsd.map((r) => r.id).sort()).toEqual([m1.id, m2.id, mClaw.id].sort());
    // Carried over, test mode and pending stay where they were.
    for (const id of [sam1.id, samClaw.id, test.id, pending.id])
      expect((await statusOf(id)).payoutId).toBeNull();

    const withTest = await createPayouts(db(), s.actor, { commissionIds: [test.id], includeTestMode: true });
    expect(withTest.payouts.map((p) => [p.amount, p.livemode])).toEqual([[999, false]]);
  });

  it("without a selection takes every due live commission", async () => {
    const s = await shop();
    await insertCommission(db(), { merchantId: s.merchantId, affiliateId: s.maya.id, amount: 100 });
    await insertCommission(db(), { merchantId: s.merchantId, affiliateId: s.sam.id, amount: 200 });
    await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.sam.id,
      amount: 300,
      livemode: false,
    });
    const { payouts: created } = await createPayouts(db(), s.actor, {});
    expect(created.map((p) => [p.amount, p.affiliateCount])).toEqual([[300, 2]]);
    expect((await createPayouts(db(), s.actor, {})).payouts).toEqual([]);
  });

  it("never puts another merchant's commission in a batch", async () => {
    const s = await shop();
    const other = await shop();
    const foreign = await insertCommission(db(), {
      merchantId: other.merchantId,
      affiliateId: other.maya.id,
      amount: 100,
    });
    expect((await createPayouts(db(), s.actor, { commissionIds: [foreign.id] })).payouts).toEqual([]);
    expect((await statusOf(foreign.id)).payoutId).toBeNull();
  });

  it("two staff creating payouts at once: every commission lands in exactly one batch", async () => {
    const s = await shop();
    for (let round = 0; round < 5; round++) {
      const rows = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          insertCommission(db(), {
            merchantId: s.merchantId,
            affiliateId: i % 2 ? s.maya.id : s.sam.id,
            amount: 100 + i,
          }),
        ),
      );
      const ids = rows.map((r) => r.id);
      // Overlapping selections, in different orders, plus an "everything due" click.
      const results = await Promise.all([
        createPayouts(db(), s.actor, { commissionIds: ids.slice(0, 8) }),
        createPayouts(db(), s.actor, { commissionIds: ids.slice(4).reverse() }),
        createPayouts(db(), s.actor, {}),
      ]);
      const batched = await db()
        .select({ id: commissions.id, payoutId: commissions.payoutId })
        .from(commissions)
        .where(and(eq(commissions.merchantId, s.merchantId), sql`${commissions.id} in ${ids}`));
      expect(batched.every((r) => r.payoutId)).toBe(true);
      const created = results.flatMap((r) => r.payouts);
      // Each payout's stored totals match exactly the commissions that point at it.
      for (const payout of created) {
        const mine = rows.filter((r) => batched.find((b) => b.id === r.id)!.payoutId === payout.id);
        expect(payout.commissionCount).toBe(mine.length);
        expect(payout.amount).toBe(mine.reduce((sum, r) => sum + r.amount, 0));
      }
      expect(created.reduce((sum, p) => sum + p.amount, 0)).toBe(rows.reduce((sum, r) => sum + r.amount, 0));
    }
  });
});

describe("mark paid, discard, CSV", () => {
  async function draft() {
    const s = await shop();
    const a = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: 123456,
    });
    const b = await insertCommission(db(), { merchantId: s.merchantId, affiliateId: s.sam.id, amount: 5 });
    const claw = await insertCommission(db(), {
      merchantId: s.merchantId,
      affiliateId: s.maya.id,
      amount: -456,
    });
    const {
      payouts: [payout],
    } = await createPayouts(db(), s.actor, { commissionIds: [a.id, b.id] });
    return { ...s, payout: payout!, a, b, claw };
  }

  it("exports the batch as a PayPal mass-payment CSV", async () => {
    const d = await draft();
    const file = await payoutCsvFile(db(), d.merchantId, d.payout.id);
    expect(file.filename).toBe(`leadtrail-payout-${d.payout.id}.csv`);
    const [first, second] = [d.maya, d.sam].sort((x, y) => x.id.localeCompare(y.id));
    const amount = (id: string) => (id === d.maya.id ? "1230.00" : "0.05");
    const count = (id: string) => (id === d.maya.id ? "2 commissions" : "1 commission");
    expect(file.body).toBe(
      `${first!.email},${amount(first!.id)},USD,${d.payout.id}-1,Affiliate commissions from Ada's Shop (${count(first!.id)})\r\n` +
        `${second!.email},${amount(second!.id)},USD,${d.payout.id}-2,Affiliate commissions from Ada's Shop (${count(second!.id)})\r\n`,
    );
    const other = await shop();
    await expect(payoutCsvFile(db(), other.merchantId, d.payout.id)).rejects.toMatchObject({ status: 404 });
  });

  it("marks the batch's commissions paid once; a second click is a no-op", async () => {
    const d = await draft();
    const [first, second] = await Promise.all([
      markPayoutPaid(db(), d.actor, d.payout.id),
      markPayoutPaid(db(), d.actor, d.payout.id),
    ]);
    expect([first.changed, second.changed].sort()).toEqual([false, true]);
    const again = await markPayoutPaid(db(), d.actor, d.payout.id);
    expect(again.changed).toBe(false);
    expect(again.payout).toMatchObject({
      status: "paid",
      amount: 123005,
      commissionCount: 3,
      paidByUserId: "usr_test",
    });
    expect(again.payout.paidAt).toBeInstanceOf(Date);
    for (const c of [d.a, d.b, d.claw])
      expect(await statusOf(c.id)).toMatchObject({ status: "paid", payoutId: d.payout.id });
    const detail = await payoutDetail(db(), d.merchantId, d.payout.id);
    expect(detail!.total).toBe(123005);
    await expect(discardPayout(db(), d.actor, d.payout.id)).rejects.toMatchObject({ status: 409 });
    const audit = await db().select().from(auditLog).where(eq(auditLog.merchantId, d.merchantId));
    expect(audit.filter((e) => e.action === "payouts.paid")).toHaveLength(1);
  });

  it("a commission a refund cancelled while the batch was a draft leaves it when paid", async () => {
    const d = await draft();
    // What reconcileCommission does on a full refund of an unpaid commission.
    await db().update(commissions).set({ status: "cancelled", amount: 0 }).where(eq(commissions.id, d.b.id));
    const { payout } = await markPayoutPaid(db(), d.actor, d.payout.id);
    expect(payout).toMatchObject({ amount: 123000, commissionCount: 2, affiliateCount: 1 });
    expect(await statusOf(d.b.id)).toMatchObject({ status: "cancelled", payoutId: null });
  });

  it("discarding a draft returns its commissions to the due pool", async () => {
    const d = await draft();
    const discarded = await discardPayout(db(), d.actor, d.payout.id);
    expect(discarded.status).toBe("discarded");
    for (const c of [d.a, d.b, d.claw])
      expect(await statusOf(c.id)).toMatchObject({ status: "due", payoutId: null });
    await expect(markPayoutPaid(db(), d.actor, d.payout.id)).rejects.toMatchObject({ status: 409 });
    await expect(payoutCsvFile(db(), d.merchantId, d.payout.id)).rejects.toMatchObject({ status: 409 });
    const again = await createPayouts(db(), d.actor, { commissionIds: [d.a.id, d.b.id] });
    expect(again.payouts.map((p) => p.amount)).toEqual([123005]);
  });

  it("another merchant can neither pay nor discard the batch", async () => {
    const d = await draft();
    const other = await shop();
    await expect(markPayoutPaid(db(), other.actor, d.payout.id)).rejects.toMatchObject({ status: 404 });
    await expect(discardPayout(db(), other.actor, d.payout.id)).rejects.toMatchObject({ status: 404 });
    const [row] = await db().select().from(payouts).where(eq(payouts.id, d.payout.id));
    expect(row!.status).toBe("draft");
  });
});
