import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { leads } from "@/db/schema";
import { SHOP, tid, trackingTestbed, visitBody } from "./api-testing";
import { createTestAffiliate } from "./testing";

/**
 * What someone holding only a merchant's public key (it is in every page's snippet) can do to
 * credit (SPEC §13): nothing, unless a visitor really arrived by an affiliate's link.
 */
const { bed, call } = trackingTestbed();

const leadFor = (email: string) =>
  bed.handle.db
    .select()
    .from(leads)
    .where(and(eq(leads.merchantId, bed.shop.id), eq(leads.email, email)))
    .then((rows) => rows[0]);

describe("forged leads", () => {
  it("a lead for a customer's email from a visitor that never arrived by a link credits nobody", async () => {
    // A made-up tracking id, never seen in a visit.
    await call("lead", { key: SHOP, email: "customer@example.com", tid: tid("ghost") });
    expect(await leadFor("customer@example.com")).toMatchObject({ affiliateId: null });
    // A visitor that did visit, but not through a link.
    await call("visit", visitBody({ tid: tid("plain"), url: "https://shop.example/" }));
    await call("lead", { key: SHOP, email: "customer2@example.com", tid: tid("plain") });
    expect(await leadFor("customer2@example.com")).toMatchObject({ affiliateId: null });
  });

  it("under first touch, a script call cannot move a lead to another affiliate", async () => {
    const mallory = await createTestAffiliate(bed.handle.db, bed.shop.id, "mallory");
    await call("visit", visitBody({ tid: tid("real") }));
    await call("lead", { key: SHOP, email: "buyer@example.com", tid: tid("real") });
    expect(await leadFor("buyer@example.com")).toMatchObject({ affiliateId: bed.sam.id });
    // The attacker makes a visitor "arrive" by their own link, then claims the customer's email.
    await call("visit", visitBody({ tid: tid("forged"), url: "https://shop.example/?afmc=mallory" }));
    await call("lead", { key: SHOP, email: "buyer@example.com", tid: tid("forged") });
    const lead = await leadFor("buyer@example.com");
    expect(lead).toMatchObject({ affiliateId: bed.sam.id, visitorId: tid("real") });
    expect(lead!.affiliateId).not.toBe(mallory.id);
  });
});
