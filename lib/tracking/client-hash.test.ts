import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { leads, visits } from "@/db/schema";
import { SHOP, tid, trackingTestbed, visitBody } from "./api-testing";
import { handleTrack } from "./handler";

/** Visits and leads keep keyed hashes of the client's address and user agent, never the values. */
const { bed } = trackingTestbed();

const send = (endpoint: string, body: Record<string, unknown>, ip: string, userAgent: string) =>
  handleTrack(() => Promise.resolve(bed.handle.db), {
    method: "POST",
    endpoint,
    origin: "https://shop.example",
    contentType: "text/plain",
    body: JSON.stringify({ ...body, key: body.key === SHOP ? bed.shop.publicKey : body.key }),
    ip,
    userAgent,
  });

describe("client hashes", () => {
  it("are stored per visit and lead, equal for one client and different for another", async () => {
    await send("visit", visitBody({ tid: tid("h1") }), "198.51.100.1", "Firefox/140");
    await send("lead", { key: SHOP, email: "h1@example.com", tid: tid("h1") }, "198.51.100.1", "Firefox/140");
    await send("visit", visitBody({ tid: tid("h2") }), "198.51.100.2", "Safari/19");
    const [v1] = await bed.handle.db
      .select()
      .from(visits)
      .where(eq(visits.visitorId, tid("h1")));
    const [v2] = await bed.handle.db
      .select()
      .from(visits)
      .where(eq(visits.visitorId, tid("h2")));
    const [lead] = await bed.handle.db.select().from(leads).where(eq(leads.email, "h1@example.com"));
    expect(v1!.ipHash).toMatch(/^[\w-]{22}$/);
    expect(v1!.uaHash).toMatch(/^[\w-]{22}$/);
    expect(lead).toMatchObject({ ipHash: v1!.ipHash, uaHash: v1!.uaHash });
    expect(v2!.ipHash).not.toBe(v1!.ipHash);
    expect(JSON.stringify([v1, lead])).not.toContain("198.51.100.1");
  });
});
