import type { Database } from "@/db";
import { listAffiliateRecords } from "@/db/queries/affiliates";
import { findUserByEmail, getMerchant, membershipsForUser } from "@/db/queries/merchants";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { createAffiliate } from "@/lib/affiliates/create";
import { updateAffiliate } from "@/lib/affiliates/update";
import { saveCommissionPlan } from "@/lib/commissions/plan-settings";
import { saveCouponSettings, startBulkRun } from "@/lib/coupons/settings";
import type { Actor } from "@/lib/stripe/actor";
import { beginConnect, completeConnect, connectDeps } from "@/lib/stripe/connect";
import { endStripeConnection } from "@/lib/stripe/disconnect";
import type { StripeSimulator } from "@/stripe-simulator";
import { DEMO_LOGIN } from "../seed";

/** The demo program's affiliates; Jane's coupon code is synced to the simulated Stripe. */
export const DEMO_AFFILIATES = [
  { firstName: "Jane", lastName: "Rivera", email: "jane@affiliates.example", code: "jane", coupon: "JANE10" },
  { firstName: "Omar", lastName: "Haddad", email: "omar@affiliates.example", code: "omar", coupon: null },
  { firstName: "Mei", lastName: "Tanaka", email: "mei@affiliates.example", code: "mei", coupon: null },
  { firstName: "Lukas", lastName: "Berg", email: "lukas@affiliates.example", code: "lukas", coupon: null },
] as const;

export interface DemoProgram {
  merchantId: string;
  publicKey: string;
  stripeAccount: string;
}

/**
 * Makes the demo merchant a working program each time `npm run dev` starts: its commission
 * plan and affiliates (once), and Stripe connected to the simulator running now. The simulator keeps its accounts in
 * memory, so a connection from an earlier run names an account it no longer knows: that one is
 * ended and a new account connected through the real OAuth code exchange, and the affiliates'
 * coupon codes are synced to it again by the usual background jobs.
 */
export async function seedDemoProgram(db: Database, sim: StripeSimulator): Promise<DemoProgram> {
  const user = await findUserByEmail(db, DEMO_LOGIN.email);
  const [membership] = user ? await membershipsForUser(db, user.id) : [];
  if (!user || !membership) throw new Error("The demo merchant has not been created");
  const who: Actor = { merchantId: membership.merchantId, userId: user.id };
  const stripeAccount = await connectToSimulator(db, who, sim);
  const existing = await listAffiliateRecords(db, { merchantId: who.merchantId, limit: 1, cursor: null });
  if (existing.length === 0) await addAffiliates(db, who);
  else await startBulkRun(db, who.merchantId, null);
  const merchant = await getMerchant(db, who.merchantId);
  return { merchantId: who.merchantId, publicKey: merchant!.publicKey, stripeAccount };
}

async function connectToSimulator(db: Database, who: Actor, sim: StripeSimulator): Promise<string> {
  const current = await activeConnectionForMerchant(db, who.merchantId);
  if (current && sim.state.accounts.has(current.stripeUserId)) return current.stripeUserId;
  if (current) {
    await db.transaction((tx) =>
      endStripeConnection(tx, {
        ...who,
        connectionId: current.id,
        reason: "deauthorized_in_stripe",
        actorUserId: null,
        data: { note: "the Stripe simulator restarted and no longer knows this account" },
      }),
    );
  }
  const deps = connectDeps();
  const { url } = await beginConnect(db, who, deps);
  const state = new URL(url).searchParams.get("state") ?? "";
  const { code } = sim.events.connectAccount({ businessName: "Demo Store", email: DEMO_LOGIN.email });
  const result = await completeConnect(db, who, { code, state }, deps);
  if (!result.ok)
    throw new Error(`Could not connect the demo merchant to the Stripe simulator: ${result.error}`);
  return result.connection.stripeUserId;
}

async function addAffiliates(db: Database, who: Actor) {
  await saveCommissionPlan(db, who.merchantId, who.userId, {
    currency: "usd",
    type: "percent",
    rateBps: 2000,
    flatAmounts: {},
    recurrence: "every",
    recurrenceMonths: null,
    holdDays: 30,
  });
  await saveCouponSettings(db, {
    merchantId: who.merchantId,
    actorUserId: who.userId,
    input: {
      discountType: "percent",
      percentOffBps: 1000,
      amountOff: null,
      currency: null,
      duration: "once",
      durationMonths: null,
      autoSync: true,
    },
  });
  for (const { coupon, ...fields } of DEMO_AFFILIATES) {
    const affiliate = await createAffiliate(db, who.merchantId, fields);
    await updateAffiliate(db, who.merchantId, affiliate.id, { status: "active", couponCode: coupon });
  }
}
