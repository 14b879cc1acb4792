import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getMerchant } from "@/db/queries/merchants";
import { leads, purchases, visitors, visits } from "@/db/schema";
import { SHOP, tid, trackingTestbed, visitBody } from "./api-testing";
import { createTestAffiliate } from "./testing";

/** What the tracking API stores: visits, visitor credit, leads and script purchases. */
const { bed, call, setSettings } = trackingTestbed();

describe("visits", () => {
  it("records a visit credited to the code's affiliate and confirms installation", async () => {
    expect((await getMerchant(bed.handle.db, bed.shop.id))!.firstVisitAt).toBeNull();
    const res = await call("visit", visitBody({ tid: tid("a") }));
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    const [row] = await bed.handle.db
      .select()
      .from(visits)
      .where(eq(visits.visitorId, tid("a")));
    expect(row).toMatchObject({
      merchantId: bed.shop.id,
      affiliateId: bed.sam.id,
      referrer: "https://blog.example/post",
    });
    const [visitor] = await bed.handle.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, tid("a")));
    expect(visitor).toMatchObject({ merchantId: bed.shop.id, affiliateId: bed.sam.id });
    expect((await getMerchant(bed.handle.db, bed.shop.id))!.firstVisitAt).toBeInstanceOf(Date);
  });

  it("matches codes regardless of case and reads the merchant's extra parameters", async () => {
    await call("visit", visitBody({ tid: tid("b"), url: "https://shop.example/?afmc=SAM-1" }));
    await setSettings(bed.shop.id, { affiliateParams: ["afmc", "via"] });
    await call("visit", visitBody({ tid: tid("c"), url: "https://shop.example/?via=Sam-1&utm=x" }));
    const rows = await bed.handle.db.select().from(visits).where(eq(visits.affiliateId, bed.sam.id));
    expect(rows.map((r) => r.visitorId)).toEqual(expect.arrayContaining([tid("b"), tid("c")]));
  });

  it("a later visit without a code keeps the visitor's affiliate", async () => {
    await call("visit", visitBody({ tid: tid("d") }));
    await call("visit", visitBody({ tid: tid("d"), url: "https://shop.example/signup" }));
    const [visitor] = await bed.handle.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, tid("d")));
    expect(visitor!.affiliateId).toBe(bed.sam.id);
    expect(
      await bed.handle.db
        .select()
        .from(visits)
        .where(eq(visits.visitorId, tid("d"))),
    ).toHaveLength(2);
  });

  it("another merchant's referral code credits no one, and never writes into that merchant", async () => {
    const before = await bed.handle.db.select().from(visits).where(eq(visits.merchantId, bed.other.id));
    const res = await call("visit", visitBody({ tid: tid("e"), url: "https://shop.example/?afmc=rival" }));
    expect(res.status).toBe(204);
    const [row] = await bed.handle.db
      .select()
      .from(visits)
      .where(eq(visits.visitorId, tid("e")));
    expect(row).toMatchObject({ merchantId: bed.shop.id, affiliateId: null });
    expect(await bed.handle.db.select().from(visits).where(eq(visits.merchantId, bed.other.id))).toEqual(
      before,
    );
    expect(bed.rival.id).not.toBe(row!.affiliateId);
  });

  it("stores markup in URLs as the text it is", async () => {
    const url = "https://shop.example/?q=<script>alert(1)</script>&afmc=<img src=x onerror=alert(1)>";
    expect((await call("visit", visitBody({ tid: tid("f"), url }))).status).toBe(204);
    const [row] = await bed.handle.db
      .select()
      .from(visits)
      .where(eq(visits.visitorId, tid("f")));
    expect(row).toMatchObject({ url, affiliateId: null });
  });
});

describe("leads", () => {
  const lead = (over: Record<string, unknown> = {}) => ({ key: SHOP, email: "Lead@Example.com", ...over });

  it("binds email, visitor and affiliate, and a repeat does not duplicate", async () => {
    await call("visit", visitBody({ tid: tid("l1") }));
    expect((await call("lead", lead({ tid: tid("l1"), data: { plan: "pro", seats: 3 } }))).status).toBe(204);
    expect((await call("lead", lead({ email: "lead@EXAMPLE.com", tid: tid("l1") }))).status).toBe(204);
    const rows = await bed.handle.db.select().from(leads).where(eq(leads.merchantId, bed.shop.id));
    const mine = rows.filter((r) => r.email === "lead@example.com");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      visitorId: tid("l1"),
      affiliateId: bed.sam.id,
      data: { plan: "pro", seats: 3 },
    });
  });

  it("concurrent leads for one email make one lead", async () => {
    await call("visit", visitBody({ tid: tid("l2") }));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call("lead", lead({ email: "race@example.com", tid: tid("l2") }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(204));
    const rows = await bed.handle.db
      .select()
      .from(leads)
      .where(sql`lower(${leads.email}) = 'race@example.com'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.affiliateId).toBe(bed.sam.id);
  });

  it("does not credit an affiliate whose window has run out", async () => {
    await call("visit", visitBody({ tid: tid("l3") }));
    await bed.handle.db
      .update(visitors)
      .set({ affiliateAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(and(eq(visitors.merchantId, bed.shop.id), eq(visitors.id, tid("l3"))));
    await setSettings(bed.shop.id, { attributionWindowDays: 7 });
    await call("lead", lead({ email: "late@example.com", tid: tid("l3") }));
    const [row] = await bed.handle.db.select().from(leads).where(eq(leads.email, "late@example.com"));
    expect(row).toMatchObject({ visitorId: tid("l3"), affiliateId: null });
  });

  it("last touch moves a lead to the affiliate who referred it last", async () => {
    const kim = await createTestAffiliate(bed.handle.db, bed.shop.id, "kim");
    await setSettings(bed.shop.id, { attributionModel: "last_touch" });
    await call("visit", visitBody({ tid: tid("l4") }));
    await call("lead", lead({ email: "switch@example.com", tid: tid("l4") }));
    await call("visit", visitBody({ tid: tid("l5"), url: "https://shop.example/?afmc=kim" }));
    await call("lead", lead({ email: "switch@example.com", tid: tid("l5") }));
    const [row] = await bed.handle.db.select().from(leads).where(eq(leads.email, "switch@example.com"));
    expect(row).toMatchObject({ visitorId: tid("l5"), affiliateId: kim.id });
  });

  it("one merchant's key cannot reach another merchant's visitors", async () => {
    await call("visit", visitBody({ tid: tid("x1") }));
    await call("lead", { key: bed.other.publicKey, email: "cross@example.com", tid: tid("x1") });
    const rows = await bed.handle.db.select().from(leads).where(eq(leads.email, "cross@example.com"));
    expect(rows).toEqual([expect.objectContaining({ merchantId: bed.other.id, affiliateId: null })]);
    const shopVisitor = await bed.handle.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.merchantId, bed.shop.id), eq(visitors.id, tid("x1"))));
    expect(shopVisitor[0]!.affiliateId).toBe(bed.sam.id);
  });
});

describe("purchases", () => {
  const purchase = (over: Record<string, unknown> = {}) => ({
    key: SHOP,
    tid: tid("p1"),
    email: "buyer@example.com",
    purchase_code: "order-1001",
    amount: 4900,
    currency: "EUR",
    ...over,
  });

  it("records an unverified purchase with its lead and affiliate, once", async () => {
    await call("visit", visitBody({ tid: tid("p1") }));
    expect((await call("purchase", purchase())).status).toBe(204);
    expect((await call("purchase", purchase({ amount: 1 }))).status).toBe(204);
    const rows = await bed.handle.db.select().from(purchases).where(eq(purchases.stripeId, "order-1001"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      merchantId: bed.shop.id,
      source: "script",
      status: "unverified",
      amount: 4900,
      currency: "eur",
      affiliateId: bed.sam.id,
      attribution: "tracking",
    });
    const [buyer] = await bed.handle.db.select().from(leads).where(eq(leads.email, "buyer@example.com"));
    expect(rows[0]!.leadId).toBe(buyer!.id);
  });
});
