import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { DbHandle } from "@/db";
import { leads, merchants, purchases, visitors, visits } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { handleTrack } from "./handler";
import { forgetTrackingMerchants } from "./lookups";
import { createTestAffiliate, createTestMerchant } from "./testing";

/**
 * Shared set-up of the tracking API tests (test files only): a database with two merchants,
 * "shop" with affiliate sam-1 and "other" with affiliate rival, and helpers to call the API.
 */
export function trackingTestbed() {
  const bed = {} as {
    handle: DbHandle;
    shop: { id: string; publicKey: string };
    other: { id: string; publicKey: string };
    sam: { id: string };
    rival: { id: string };
  };
  beforeAll(async () => {
    bed.handle = await createTestDatabase();
    bed.shop = await createTestMerchant(bed.handle.db);
    bed.other = await createTestMerchant(bed.handle.db);
    bed.sam = await createTestAffiliate(bed.handle.db, bed.shop.id, "sam-1");
    bed.rival = await createTestAffiliate(bed.handle.db, bed.other.id, "rival");
  });
  afterAll(() => bed.handle?.close());
  beforeEach(() =>
    setSettings(bed.shop.id, {
      affiliateParams: ["afmc"],
      allowedOrigins: [],
      attributionModel: "first_touch",
      attributionWindowDays: 60,
    }),
  );

  /** A body as a browser would send it; key SHOP stands for the shop's key (unknown until set-up). */
  function call(
    endpoint: string,
    body: TrackBody,
    options: { method?: string; origin?: string; type?: string | null } = {},
  ) {
    return handleTrack(() => Promise.resolve(bed.handle.db), {
      method: options.method ?? "POST",
      endpoint,
      origin: options.origin ?? "https://shop.example",
      contentType: options.type === undefined ? "text/plain;charset=UTF-8" : options.type,
      body:
        typeof body === "string"
          ? body
          : JSON.stringify(body.key === SHOP ? { ...body, key: bed.shop.publicKey } : body),
    });
  }

  async function counts() {
    const count = (table: typeof visits | typeof leads | typeof purchases | typeof visitors) =>
      bed.handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .then((r) => r[0]!.n);
    return {
      visits: await count(visits),
      visitors: await count(visitors),
      leads: await count(leads),
      purchases: await count(purchases),
    };
  }

  async function setSettings(merchantId: string, set: Partial<typeof merchants.$inferInsert>) {
    await bed.handle.db.update(merchants).set(set).where(eq(merchants.id, merchantId));
    forgetTrackingMerchants();
  }

  return { bed, call, counts, setSettings };
}

export const SHOP = "shop-public-key";

export type TrackBody = Record<string, unknown> | string;

export const errorOf = (res: { body: string | null }) =>
  JSON.parse(res.body ?? "{}").error as { code: string; message: string };

export const tid = (n: number | string) => `visitor-${n}-0123456789`;

export const visitBody = (over: Record<string, unknown> = {}) => ({
  key: SHOP,
  tid: tid(1),
  url: "https://shop.example/pricing?afmc=sam-1",
  referrer: "https://blog.example/post",
  ...over,
});
