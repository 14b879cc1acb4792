import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, stripeConnections, stripeEvents } from "@/db/schema";
import { connectThroughStripe, newMerchant, type StripeTestbed, startStripeTestbed } from "../testing";
import { replayStripeEvent } from "./receive";

// A switch to make the deauthorized handler fail, standing in for any processing error.
const failing = vi.hoisted(() => ({ on: false }));
vi.mock("./handlers/account-application-deauthorized", async (load) => {
  const real = await load<typeof import("./handlers/account-application-deauthorized")>();
  return {
    accountApplicationDeauthorized: (async (ctx) => {
      if (failing.on) throw new Error("database went away");
      return real.accountApplicationDeauthorized(ctx);
    }) satisfies typeof real.accountApplicationDeauthorized,
  };
});

let bed: StripeTestbed;
beforeAll(async () => {
  bed = await startStripeTestbed();
});
afterAll(async () => {
  await bed?.close();
});

async function connected() {
  const who = await newMerchant(bed);
  const { result } = await connectThroughStripe(bed, who);
  if (!result.ok) throw new Error(result.error);
  return { who, account: result.connection.stripeUserId };
}

const eventRows = (id: string) => bed.db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
const connectionOf = async (merchantId: string) =>
  (await bed.db.select().from(stripeConnections).where(eq(stripeConnections.merchantId, merchantId)))[0]!;

/** A minimal Stripe-shaped event envelope with a fresh id. */
function stripeEvent(type: string, account: string, object: Record<string, unknown>) {
  return {
    id: `evt_${randomBytes(8).toString("hex")}`,
    object: "event",
    account,
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}
const application = { id: "ca_leadtrail_simulator", name: "Leadtrail", object: "application" };

describe("account.application.deauthorized", () => {
  it("ends the connection, records the event as processed and audit-logs it", async () => {
    const { who, account } = await connected();
    const { deliveries, events } = await bed.sim.events.deauthorize({ account });
    expect(deliveries[0]).toMatchObject({ status: 200 });
    const connection = await connectionOf(who.merchantId);
    expect(connection.disconnectedAt).not.toBeNull();
    expect(connection.disconnectReason).toBe("deauthorized_in_stripe");
    const [row] = await eventRows(events[0]!.id);
    expect(row).toMatchObject({ merchantId: who.merchantId, account, status: "processed", livemode: false });
    const audit = await bed.db.select().from(auditLog).where(eq(auditLog.merchantId, who.merchantId));
    expect(audit.at(-1)).toMatchObject({ action: "stripe.disconnected", actorUserId: null });
  });

  it("refuses a bad signature with 400 and stores nothing", async () => {
    const { who, account } = await connected();
    const { events } = await bed.sim.events.deauthorize({ account, deliver: false });
    const event = events[0]!;
    const wrongSecret = await bed.sim.deliver(event, { secret: "whsec_not_the_secret" });
    const stale = await bed.sim.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const unsigned = await fetch(bed.webhookUrl, { method: "POST", body: JSON.stringify(event) });
    expect([wrongSecret.status, stale.status, unsigned.status]).toEqual([400, 400, 400]);
    expect(await eventRows(event.id)).toHaveLength(0);
    expect((await connectionOf(who.merchantId)).disconnectedAt).toBeNull();
  });

  it("counts a duplicate event id once", async () => {
    const { account } = await connected();
    const { events } = await bed.sim.events.deauthorize({ account, deliver: false });
    const first = await bed.sim.deliver(events[0]!);
    const second = await bed.sim.deliver(events[0]!);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(JSON.parse(second.body)).toMatchObject({ status: "duplicate" });
    expect(await eventRows(events[0]!.id)).toHaveLength(1);
  });

  it("stores one row for 50 concurrent deliveries of the same event", async () => {
    const { who, account } = await connected();
    const { events } = await bed.sim.events.deauthorize({ account, deliver: false });
    const results = await Promise.all(Array.from({ length: 50 }, () => bed.sim.deliver(events[0]!)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const statuses = results.map((r) => JSON.parse(r.body).status);
    expect(statuses.filter((s) => s === "processed")).toHaveLength(1);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(49);
    expect(await eventRows(events[0]!.id)).toHaveLength(1);
    const audit = await bed.db.select().from(auditLog).where(eq(auditLog.merchantId, who.merchantId));
    expect(audit.filter((a) => a.action === "stripe.disconnected")).toHaveLength(1);
  });

  it("answers 500 on a processing error and stores nothing, so Stripe's retry processes it", async () => {
    const { who, account } = await connected();
    const { events } = await bed.sim.events.deauthorize({ account, deliver: false });
    failing.on = true;
    const errorSpy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect((await bed.sim.deliver(events[0]!)).status).toBe(500);
    } finally {
      failing.on = false;
      errorSpy.mockRestore();
    }
    expect(await eventRows(events[0]!.id)).toHaveLength(0);
    expect((await connectionOf(who.merchantId)).disconnectedAt).toBeNull();
    expect((await bed.sim.deliver(events[0]!)).status).toBe(200);
    expect((await connectionOf(who.merchantId)).disconnectedAt).not.toBeNull();
  });
});

describe("events Leadtrail does not act on", () => {
  it("records an unhandled event type as ignored and answers 200", async () => {
    const { who, account } = await connected();
    const event = stripeEvent("invoice.upcoming", account, { id: "in_1Q0Upcoming", object: "invoice" });
    const res = await bed.sim.deliver(event);
    expect(res.status).toBe(200);
    const [row] = await eventRows(event.id);
    expect(row).toMatchObject({
      status: "ignored",
      note: "event type not handled",
      merchantId: who.merchantId,
    });
  });

  it("records events for an account with no active connection as ignored", async () => {
    const event = stripeEvent("account.application.deauthorized", "acct_NobodyHere01", application);
    expect((await bed.sim.deliver(event)).status).toBe(200);
    const [row] = await eventRows(event.id);
    expect(row).toMatchObject({
      status: "ignored",
      note: "no active connection for this account",
      merchantId: null,
    });
  });

  it("refuses a signed body that is not a Stripe event", async () => {
    const res = await bed.sim.deliver({ hello: "world" });
    expect(res.status).toBe(400);
  });
});

describe("replayStripeEvent", () => {
  it("re-runs a stored event once its connection exists", async () => {
    const early = bed.sim.events.connectAccount({}).account.id;
    const event = stripeEvent("account.application.deauthorized", early, application);
    await bed.sim.deliver(event);
    expect((await eventRows(event.id))[0]!.status).toBe("ignored");
    const who = await newMerchant(bed);
    const { result } = await connectThroughStripe(bed, who, { account: early });
    expect(result.ok).toBe(true);
    const outcome = await replayStripeEvent(bed.db, event.id, { stripe: () => bed.stripe });
    expect(outcome.status).toBe("processed");
    expect((await eventRows(event.id))[0]).toMatchObject({ status: "processed", merchantId: who.merchantId });
    expect((await connectionOf(who.merchantId)).disconnectReason).toBe("deauthorized_in_stripe");
    await expect(
      replayStripeEvent(bed.db, "evt_missing", { stripe: () => bed.stripe }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
