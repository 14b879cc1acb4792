import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "@/db";
import { jobs, merchants } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { JobRunner } from "@/lib/jobs/runner";
import { FAST_JOBS, JOB_DEPS, type MailBed, startMailBed, TEST_APP_URL } from "@/lib/mail/messages-testing";
import { linkIn } from "@/lib/mail/testing";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { PAYOUT_NOTICES, payoutNoticesJob, queuePayoutNotices } from "./notices";
import { createPayouts, discardPayout, markPayoutPaid } from "./payouts";
import { insertCommission } from "./testing";

/**
 * "Payout sent" mail through a real SMTP server. Two database clients on one PostgreSQL stand
 * for two worker processes (one client on PGlite, which one process opens).
 */
let first: DbHandle & { url?: string };
let second: DbHandle;
let mail: MailBed;

beforeAll(async () => {
  mail = await startMailBed();
  first = await createTestDatabase();
  second = first.url ? await openDatabase({ url: first.url }) : first;
});
afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
  await mail?.close();
});

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** A shop whose due commissions make one payout: Maya earned twice, Sam once less a clawback. */
async function duePayout() {
  const db = first.db;
  const merchant = await createTestMerchant(db);
  await db.update(merchants).set({ name: "Ada's Shop" }).where(eq(merchants.id, merchant.id));
  const suffix = Math.random().toString(36).slice(2, 8);
  const maya = await createTestAffiliate(db, merchant.id, `maya${suffix}`, { firstName: "Maya" });
  const sam = await createTestAffiliate(db, merchant.id, `sam${suffix}`, { firstName: "Sam" });
  const idle = await createTestAffiliate(db, merchant.id, `idle${suffix}`);
  const c = { merchantId: merchant.id };
  await insertCommission(db, { ...c, affiliateId: maya.id, amount: 1000, createdAt: day("2026-03-01") });
  await insertCommission(db, { ...c, affiliateId: maya.id, amount: 2500, createdAt: day("2026-03-20") });
  await insertCommission(db, { ...c, affiliateId: sam.id, amount: 3000, createdAt: day("2026-03-05") });
  await insertCommission(db, { ...c, affiliateId: sam.id, amount: -500, createdAt: day("2026-03-25") });
  const actor = { merchantId: merchant.id, userId: null };
  const { payouts } = await createPayouts(db, actor, {});
  expect(payouts).toHaveLength(1);
  return { merchant, maya, sam, idle, actor, payout: payouts[0]! };
}

describe("payout sent", () => {
  it("mails each affiliate once, with two workers running the queue and marking paid attempted twice", async () => {
    const d = await duePayout();
    const runners = [first, second].map((h) => new JobRunner(async () => h.db, JOB_DEPS, FAST_JOBS).start());
    try {
      const marked = await Promise.all([
        markPayoutPaid(first.db, d.actor, d.payout.id),
        markPayoutPaid(second.db, d.actor, d.payout.id),
      ]);
      expect(marked.map((m) => m.changed).sort()).toEqual([false, true]);
      // The notice job asked for again, and run by two workers at once (a stalled one taken over).
      await queuePayoutNotices(second.db, d.merchant.id, d.payout.id);
      const [job] = await first.db.select().from(jobs).where(eq(jobs.kind, PAYOUT_NOTICES)).limit(1);
      await Promise.all(
        [first, second].map((h) => payoutNoticesJob.run({ db: h.db, job: job!, deps: JOB_DEPS })),
      );
      await mail.smtp.waitFor(
        () => mail.mailTo(d.maya.email).length > 0 && mail.mailTo(d.sam.email).length > 0,
      );
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    await mail.deliver(first.db);

    const [maya, ...moreMaya] = mail.mailTo(d.maya.email);
    const [sam, ...moreSam] = mail.mailTo(d.sam.email);
    expect([moreMaya, moreSam]).toEqual([[], []]);
    expect(mail.mailTo(d.idle.email)).toHaveLength(0);

    expect(maya!.subject).toBe("Ada's Shop sent you $35.00");
    expect(maya!.text).toContain("Hi Maya,");
    expect(maya!.text).toContain(
      "Ada's Shop sent you a payout of $35.00 for your sales from Mar 1, 2026 to Mar 20, 2026 (2 commissions).",
    );
    expect(linkIn(maya!, TEST_APP_URL)).toBe(`${TEST_APP_URL}/portal/payouts`);
    expect(maya!.html).toContain("Ada&#39;s Shop");

    expect(sam!.subject).toBe("Ada's Shop sent you $25.00");
    expect(sam!.text).toContain("for your sales of Mar 5, 2026 (1 commission).");
    expect(sam!.text).toContain("That is $30.00 earned less $5.00 taken back for refunds");
  });

  it("a discarded payout mails nobody; test-mode payouts say they were test sales", async () => {
    const d = await duePayout();
    await discardPayout(first.db, d.actor, d.payout.id);
    await mail.deliver(first.db);
    expect(mail.mailTo(d.maya.email)).toHaveLength(0);

    const merchant = await createTestMerchant(first.db);
    const ada = await createTestAffiliate(
      first.db,
      merchant.id,
      `ada${Math.random().toString(36).slice(2, 8)}`,
    );
    await insertCommission(first.db, {
      merchantId: merchant.id,
      affiliateId: ada.id,
      amount: 1200,
      currency: "eur",
      livemode: false,
      createdAt: day("2026-04-02"),
    });
    const actor = { merchantId: merchant.id, userId: null };
    const { payouts } = await createPayouts(first.db, actor, { includeTestMode: true });
    await markPayoutPaid(first.db, actor, payouts[0]!.id);
    await mail.deliver(first.db);
    const [test] = mail.mailTo(ada.email);
    expect(test!.subject).toBe("[Test mode] Test Shop sent you €12.00");
    expect(test!.text).toContain("These were Stripe test-mode sales");
  });
});
