import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertConnection } from "@/db/queries/stripe-connections";
import { auditLog, stripeConnections } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { isUniqueViolation } from "@/lib/errors";
import { beginConnect, completeConnect } from "./connect";
import {
  authorizeAtStripe,
  connectThroughStripe,
  newMerchant,
  type StripeTestbed,
  startStripeTestbed,
  TEST_ENCRYPTION_KEY,
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

describe("completeConnect", () => {
  it("connects: one exchange, the connection stored with tokens encrypted, audit-logged", async () => {
    const who = await newMerchant(bed);
    const before = tokenExchanges(bed.sim);
    const { result } = await connectThroughStripe(bed, who);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(tokenExchanges(bed.sim)).toBe(before + 1);
    const c = result.connection;
    expect(c).toMatchObject({
      merchantId: who.merchantId,
      livemode: false,
      scope: "read_write",
      disconnectedAt: null,
    });
    expect(c.stripeUserId).toMatch(/^acct_/);
    expect(c.publishableKey).toMatch(/^pk_test_/);
    const audit = await bed.db.select().from(auditLog).where(eq(auditLog.merchantId, who.merchantId));
    expect(audit.map((a) => a.action)).toEqual(["stripe.connected"]);
    expect(audit[0]!.actorUserId).toBe(who.userId);
  });

  it("stores tokens that cannot be read without ENCRYPTION_KEY", async () => {
    const who = await newMerchant(bed);
    const { result } = await connectThroughStripe(bed, who);
    if (!result.ok) throw new Error(result.error);
    const grant = bed.sim.state.oauthGrants.findLast((g) => g.account === result.connection.stripeUserId)!;
    // The columns as stored: no decryption happens on the way out of the database.
    const [stored] = await bed.db
      .select({ access: stripeConnections.accessTokenEnc, refresh: stripeConnections.refreshTokenEnc })
      .from(stripeConnections)
      .where(eq(stripeConnections.id, result.connection.id));
    const row = { access_token_enc: stored!.access!, refresh_token_enc: stored!.refresh! };
    expect(row.access_token_enc).not.toContain(grant.accessToken);
    expect(row.refresh_token_enc).not.toContain(grant.refreshToken);
    expect(row.access_token_enc.startsWith("v1.")).toBe(true);
    expect(decryptSecret(row.access_token_enc, TEST_ENCRYPTION_KEY)).toBe(grant.accessToken);
    expect(decryptSecret(row.refresh_token_enc, TEST_ENCRYPTION_KEY)).toBe(grant.refreshToken);
    expect(() => decryptSecret(row.access_token_enc, "2".repeat(64))).toThrow();
    // Nor do they leak into the audit log.
    const audit = await bed.db.select().from(auditLog).where(eq(auditLog.merchantId, who.merchantId));
    expect(JSON.stringify(audit)).not.toContain(grant.accessToken);
  });

  it("records live mode when the account connects in live mode", async () => {
    const who = await newMerchant(bed);
    const { result } = await connectThroughStripe(bed, who, { mode: "live" });
    expect(result.ok && result.connection.livemode).toBe(true);
  });

  it("fails cleanly when a code is exchanged a second time: the simulator refuses, nothing changes", async () => {
    const first = await newMerchant(bed);
    const { query, result } = await connectThroughStripe(bed, first);
    expect(result.ok).toBe(true);
    const second = await newMerchant(bed);
    const { url } = await beginConnect(bed.db, second, bed.deps);
    const state = new URL(url).searchParams.get("state")!;
    const before = tokenExchanges(bed.sim);
    const again = await completeConnect(bed.db, second, { code: query.code, state }, bed.deps);
    expect(again).toEqual({ ok: false, error: "exchange_failed" });
    expect(tokenExchanges(bed.sim)).toBe(before + 1);
    expect(bed.sim.state.requests.at(-1)).toMatchObject({ path: "/oauth/token", status: 400 });
    expect(await connectionsOf(second.merchantId)).toHaveLength(0);
    const [kept] = await connectionsOf(first.merchantId);
    expect(kept).toMatchObject({
      disconnectedAt: null,
      stripeUserId: result.ok ? result.connection.stripeUserId : "",
    });
  });

  it("refuses a Stripe account already connected to another merchant, storing nothing", async () => {
    const holder = await newMerchant(bed);
    const first = await connectThroughStripe(bed, holder);
    if (!first.result.ok) throw new Error(first.result.error);
    const account = first.result.connection.stripeUserId;
    const other = await newMerchant(bed);
    const { result } = await connectThroughStripe(bed, other, { account });
    expect(result).toEqual({ ok: false, error: "account_taken" });
    expect(await connectionsOf(other.merchantId)).toHaveLength(0);
    expect((await connectionsOf(holder.merchantId))[0]!.disconnectedAt).toBeNull();
    // The holder's access at Stripe is untouched: nothing was deauthorized.
    expect(bed.sim.state.deauthorizations.filter((d) => d.account === account)).toHaveLength(0);
  });

  it("settles two merchants racing for the same Stripe account with the unique index", async () => {
    const [a, b] = [await newMerchant(bed), await newMerchant(bed)];
    const account = bed.sim.events.connectAccount({}).account.id;
    const queries = await Promise.all(
      [a, b].map(async (who) =>
        authorizeAtStripe((await beginConnect(bed.db, who, bed.deps)).url, { account }),
      ),
    );
    const results = await Promise.all([
      completeConnect(bed.db, a, queries[0]!, bed.deps),
      completeConnect(bed.db, b, queries[1]!, bed.deps),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: "account_taken" });
    const live = await bed.db
      .select()
      .from(stripeConnections)
      .where(eq(stripeConnections.stripeUserId, account));
    expect(live).toHaveLength(1);
  });

  it("names the partial unique index that lost a race, on either driver", async () => {
    const [a, b] = [await newMerchant(bed), await newMerchant(bed)];
    const row = {
      livemode: false,
      scope: "read_write",
      accessTokenEnc: null,
      refreshTokenEnc: null,
      publishableKey: null,
    };
    await insertConnection(bed.db, { ...row, merchantId: a.merchantId, stripeUserId: "acct_RaceOne" });
    const sameAccount = await insertConnection(bed.db, {
      ...row,
      merchantId: b.merchantId,
      stripeUserId: "acct_RaceOne",
    })
      .then(() => null)
      .catch((error: unknown) => error);
    expect(isUniqueViolation(sameAccount, "stripe_connections_active_account_key")).toBe(true);
    const sameMerchant = await insertConnection(bed.db, {
      ...row,
      merchantId: a.merchantId,
      stripeUserId: "acct_RaceTwo",
    })
      .then(() => null)
      .catch((error: unknown) => error);
    expect(isUniqueViolation(sameMerchant, "stripe_connections_active_merchant_key")).toBe(true);
  });

  it("refuses to connect a second account while one is connected, before any exchange", async () => {
    const who = await newMerchant(bed);
    const early = await beginConnect(bed.db, who, bed.deps);
    const { result } = await connectThroughStripe(bed, who);
    expect(result.ok).toBe(true);
    await expect(beginConnect(bed.db, who, bed.deps)).rejects.toMatchObject({ code: "already_connected" });
    const query = await authorizeAtStripe(early.url);
    const before = tokenExchanges(bed.sim);
    expect(await completeConnect(bed.db, who, query, bed.deps)).toEqual({
      ok: false,
      error: "already_connected",
    });
    expect(tokenExchanges(bed.sim)).toBe(before);
    expect(await connectionsOf(who.merchantId)).toHaveLength(1);
  });
});
