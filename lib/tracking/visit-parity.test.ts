import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { insertVisit, insertVisits } from "@/db/queries/tracking";
import { visitors } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { type AttributionModel, nextVisitorCredit, type VisitorCredit } from "@/lib/attribution/model";
import { createTestMerchant } from "./testing";

/**
 * The visit path applies the visitor-credit rule in SQL for speed (db/queries/tracking.ts);
 * this runs every combination through both and demands the same answer.
 */
let handle: DbHandle;
let merchantId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  merchantId = (await createTestMerchant(handle.db)).id;
});
afterAll(() => handle?.close());

const now = new Date("2026-11-26T12:00:00.000Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

const states: Record<string, VisitorCredit | null> = {
  "new visitor": null,
  "visitor without affiliate": { affiliateId: null, affiliateAt: null },
  "credited to A yesterday": { affiliateId: "aff_A", affiliateAt: daysAgo(1) },
  "credited to A on the window's last day": { affiliateId: "aff_A", affiliateAt: daysAgo(7) },
  "credited to A before the window": { affiliateId: "aff_A", affiliateAt: daysAgo(8) },
};
const touches = [null, "aff_A", "aff_B"];
const models: AttributionModel[] = ["first_touch", "last_touch"];

describe("visitor credit: SQL and model agree", () => {
  let n = 0;
  for (const model of models) {
    for (const [label, state] of Object.entries(states)) {
      for (const touch of touches) {
        it(`${model}, ${label}, visit with ${touch ?? "no code"}`, async () => {
          const visitorId = `parity-visitor-${n++}`;
          if (state) {
            await handle.db.insert(visitors).values({
              merchantId,
              id: visitorId,
              ...state,
              firstSeenAt: daysAgo(30),
              lastSeenAt: daysAgo(30),
            });
          }
          const settings = { model, windowDays: 7 };
          await insertVisit(handle.db, {
            merchantId,
            visitorId,
            affiliateId: touch,
            url: "https://shop.example/",
            referrer: null,
            now,
            ...settings,
          });
          const [row] = await handle.db
            .select({ affiliateId: visitors.affiliateId, affiliateAt: visitors.affiliateAt })
            .from(visitors)
            .where(and(eq(visitors.merchantId, merchantId), eq(visitors.id, visitorId)));
          const expected = nextVisitorCredit(state, touch, now, settings);
          expect(row).toEqual(expected);
        });
      }
    }
  }
});

describe("visitor credit: one batch of many visitors agrees with the model too", () => {
  for (const model of models) {
    it(`${model}, every state and touch in one statement`, async () => {
      const cases = Object.entries(states).flatMap(([label, state]) =>
        touches.map((touch) => ({ visitorId: `batch-${model}-${label}-${touch}`, state, touch })),
      );
      for (const c of cases) {
        if (!c.state) continue;
        await handle.db.insert(visitors).values({
          merchantId,
          id: c.visitorId,
          ...c.state,
          firstSeenAt: daysAgo(30),
          lastSeenAt: daysAgo(30),
        });
      }
      const settings = { model, windowDays: 7 };
      await insertVisits(
        handle.db,
        { merchantId, ...settings },
        cases.map((c) => ({
          visitorId: c.visitorId,
          affiliateId: c.touch,
          url: "https://shop.example/",
          referrer: null,
          now,
          ipHash: null,
          uaHash: null,
        })),
      );
      for (const c of cases) {
        const [row] = await handle.db
          .select({ affiliateId: visitors.affiliateId, affiliateAt: visitors.affiliateAt })
          .from(visitors)
          .where(and(eq(visitors.merchantId, merchantId), eq(visitors.id, c.visitorId)));
        expect(row, c.visitorId).toEqual(nextVisitorCredit(c.state, c.touch, now, settings));
      }
    });
  }
});
