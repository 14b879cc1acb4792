import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthStates, stripeConnections } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { beginConnect, completeConnect } from "./connect";
import {
  authorizeAtStripe,
  connectThroughStripe,
  newMerchant,
  REDIRECT_URI,
  type StripeTestbed,
  startStripeTestbed,
  tokenExchanges,
} from "./testing";

let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(async () => {
  await bed?.close();
});

const connectionsOf = (merchantId: string) =>
  bed.db.select().from(stripeConnections).where(eq(stripeConnections.merchantId, merchantId));

describe("beginConnect", () => {
  it("sends the merchant to the configured authorize URL with a state stored only as a hash", async () => {
    const who = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, who, bed.deps);
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${bed.sim.url}/oauth/authorize`);
    expect(parsed.searchParams.get("response_type")).toBe("code");
    expect(parsed.searchParams.get("client_id")).toBe("ca_leadtrail_simulator");
    expect(parsed.searchParams.get("scope")).toBe("read_write");
    expect(parsed.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    const state = parsed.searchParams.get("state")!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await bed.db.select().from(oauthStates).where(eq(oauthStates.merchantId, who.merchantId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stateHash).toBe(sha256Hex(state));
    expect(rows[0]!.userId).toBe(who.userId);
    const ttl = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime();
    expect(ttl).toBeGreaterThan(599_000);
    expect(ttl).toBeLessThan(601_000);
  });
});

describe("completeConnect: the state and the code", () => {
  it("refuses a tampered state without exchanging the code", async () => {
    const who = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, who, bed.deps);
    const query = await authorizeAtStripe(url);
    const state = query.state!;
    const tampered = `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`;
    const before = tokenExchanges(bed.sim);
    for (const bad of [tampered, "short", `${state}x`, ""]) {
      const result = await completeConnect(bed.db, who, { ...query, state: bad }, bed.deps);
      expect(result).toEqual({ ok: false, error: "invalid_state" });
    }
    expect(tokenExchanges(bed.sim)).toBe(before);
    expect(await connectionsOf(who.merchantId)).toHaveLength(0);
    // The untouched state and the never-exchanged code still work.
    expect((await completeConnect(bed.db, who, query, bed.deps)).ok).toBe(true);
  });

  it("refuses a replayed state: the second callback exchanges nothing and changes nothing", async () => {
    const who = await newMerchant(bed);
    const { query, result } = await connectThroughStripe(bed, who);
    expect(result.ok).toBe(true);
    const before = tokenExchanges(bed.sim);
    expect(await completeConnect(bed.db, who, query, bed.deps)).toEqual({ ok: false, error: "state_used" });
    expect(tokenExchanges(bed.sim)).toBe(before);
    expect(await connectionsOf(who.merchantId)).toHaveLength(1);
  });

  it("lets only one of two racing callbacks with the same state exchange the code", async () => {
    const who = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, who, bed.deps);
    const query = await authorizeAtStripe(url);
    const before = tokenExchanges(bed.sim);
    const results = await Promise.all([1, 2, 3].map(() => completeConnect(bed.db, who, query, bed.deps)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["state_used", "state_used"]);
    expect(tokenExchanges(bed.sim)).toBe(before + 1);
  });

  it("reports access_denied clearly and spends the state", async () => {
    const who = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, who, bed.deps);
    const state = new URL(url).searchParams.get("state")!;
    const denied = { error: "access_denied", error_description: "The user denied your request", state };
    expect(await completeConnect(bed.db, who, denied, bed.deps)).toEqual({
      ok: false,
      error: "access_denied",
    });
    expect(await completeConnect(bed.db, who, { code: "ac_whatever", state }, bed.deps)).toEqual({
      ok: false,
      error: "state_used",
    });
    const other = { error: "invalid_scope", error_description: "<script>alert(1)</script>" };
    expect(await completeConnect(bed.db, who, other, bed.deps)).toEqual({ ok: false, error: "oauth_error" });
    expect(await completeConnect(bed.db, who, {}, bed.deps)).toEqual({ ok: false, error: "invalid_request" });
    expect(await completeConnect(bed.db, who, { code: "a b", state }, bed.deps)).toEqual({
      ok: false,
      error: "invalid_request",
    });
    expect(await connectionsOf(who.merchantId)).toHaveLength(0);
  });

  it("refuses an expired state without exchanging the code", async () => {
    const who = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, who, bed.deps);
    const query = await authorizeAtStripe(url);
    await bed.db
      .update(oauthStates)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(oauthStates.stateHash, sha256Hex(query.state!)));
    const before = tokenExchanges(bed.sim);
    expect(await completeConnect(bed.db, who, query, bed.deps)).toEqual({
      ok: false,
      error: "state_expired",
    });
    expect(tokenExchanges(bed.sim)).toBe(before);
    expect(await connectionsOf(who.merchantId)).toHaveLength(0);
  });

  it("refuses one merchant's state used by another merchant or another user, without spending it", async () => {
    const owner = await newMerchant(bed);
    const intruder = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, owner, bed.deps);
    const query = await authorizeAtStripe(url);
    const before = tokenExchanges(bed.sim);
    expect(await completeConnect(bed.db, intruder, query, bed.deps)).toEqual({
      ok: false,
      error: "state_mismatch",
    });
    const colleague = { merchantId: owner.merchantId, userId: intruder.userId };
    expect(await completeConnect(bed.db, colleague, query, bed.deps)).toEqual({
      ok: false,
      error: "state_mismatch",
    });
    expect(tokenExchanges(bed.sim)).toBe(before);
    expect(await connectionsOf(intruder.merchantId)).toHaveLength(0);
    expect((await completeConnect(bed.db, owner, query, bed.deps)).ok).toBe(true);
  });
});
