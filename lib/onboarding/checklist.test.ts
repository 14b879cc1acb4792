import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DbHandle } from "@/db";
import { endConnection, insertConnection } from "@/db/queries/stripe-connections";
import { markFirstVisit } from "@/db/queries/tracking";
import { createTestDatabase } from "@/db/testing";
import { saveCommissionPlan } from "@/lib/commissions/plan-settings";
import { createTestAffiliate, createTestMerchant } from "@/lib/tracking/testing";
import { dismissChecklist, loadChecklist } from "./checklist";

let handle: DbHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const ticks = async (merchantId: string) =>
  Object.fromEntries((await loadChecklist(db, merchantId))!.steps.map((s) => [s.key, s.done]));

describe("getting-started checklist", () => {
  it("starts with nothing done and ticks each step from the merchant's own data", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    expect(await ticks(shop.id)).toEqual({ snippet: false, stripe: false, affiliate: false, plan: false });

    await markFirstVisit(db, shop.id);
    expect(await ticks(shop.id)).toMatchObject({ snippet: true, stripe: false });

    const connection = await insertConnection(db, {
      merchantId: shop.id,
      stripeUserId: "acct_checklist1",
      livemode: false,
      scope: "read_write",
      accessTokenEnc: null,
      refreshTokenEnc: null,
      publishableKey: null,
    });
    expect(await ticks(shop.id)).toMatchObject({ stripe: true });

    await createTestAffiliate(db, shop.id, "first");
    await saveCommissionPlan(db, shop.id, "usr_owner", {
      currency: "usd",
      type: "percent",
      rateBps: 2500,
      flatAmounts: {},
      recurrence: "every",
      recurrenceMonths: null,
      holdDays: 30,
    });
    const list = await loadChecklist(db, shop.id);
    expect(list?.done).toBe(4);

    // Another merchant's progress is its own.
    expect(await ticks(other.id)).toEqual({ snippet: false, stripe: false, affiliate: false, plan: false });

    // Disconnecting Stripe un-ticks it: the step follows the data, not a one-time flag.
    await endConnection(db, {
      merchantId: shop.id,
      connectionId: connection.id,
      reason: "merchant_disconnected",
    });
    expect(await ticks(shop.id)).toMatchObject({ stripe: false, snippet: true, affiliate: true, plan: true });
  });

  it("stays hidden once dismissed, for that merchant only", async () => {
    const shop = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    await dismissChecklist(db, shop.id);
    expect(await loadChecklist(db, shop.id)).toBeNull();
    expect(await loadChecklist(db, other.id)).not.toBeNull();
    await dismissChecklist(db, shop.id);
    expect(await loadChecklist(db, shop.id)).toBeNull();
  });

  it("has nothing for a merchant that does not exist", async () => {
    expect(await loadChecklist(db, "mer_missing")).toBeNull();
  });
});
