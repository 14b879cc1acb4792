import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, stripeConnections } from "@/db/schema";
import { disconnectStripe } from "./disconnect";
import { connectThroughStripe, newMerchant, type StripeTestbed, startStripeTestbed } from "./testing";

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

const audits = (merchantId: string) =>
  bed.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, "stripe.disconnected")));

describe("disconnectStripe", () => {
  it("deauthorizes at Stripe, ends the connection and audit-logs it", async () => {
    const { who, account } = await connected();
    const ended = await disconnectStripe(bed.db, who, bed.deps);
    expect(ended.stripeUserId).toBe(account);
    expect(bed.sim.state.deauthorizations).toContainEqual(
      expect.objectContaining({ account, by: "platform" }),
    );
    const deauth = bed.sim.state.requests.findLast((r) => r.path === "/oauth/deauthorize");
    expect(deauth).toMatchObject({
      status: 200,
      params: { client_id: "ca_leadtrail_simulator", stripe_user_id: account },
    });
    const [row] = await bed.db
      .select()
      .from(stripeConnections)
      .where(eq(stripeConnections.merchantId, who.merchantId));
    expect(row!.disconnectedAt).toBeInstanceOf(Date);
    expect(row!.disconnectReason).toBe("merchant_disconnected");
    const [audit] = await audits(who.merchantId);
    expect(audit).toMatchObject({
      actorUserId: who.userId,
      data: { stripe_user_id: account, reason: "merchant_disconnected" },
    });
  });

  it("ends the connection locally when Stripe says the account is already disconnected", async () => {
    const { who, account } = await connected();
    // The merchant removed the app in Stripe, and the webhook has not arrived (yet).
    await bed.sim.events.deauthorize({ account, deliver: false });
    await disconnectStripe(bed.db, who, bed.deps);
    expect(bed.sim.state.requests.findLast((r) => r.path === "/oauth/deauthorize")?.status).toBe(401);
    const [row] = await bed.db
      .select()
      .from(stripeConnections)
      .where(eq(stripeConnections.merchantId, who.merchantId));
    expect(row!.disconnectedAt).not.toBeNull();
    const [audit] = await audits(who.merchantId);
    expect(audit!.data).toMatchObject({ already_disconnected_in_stripe: true });
  });

  it("keeps the connection when Stripe cannot be reached, and says so", async () => {
    const { who } = await connected();
    bed.sim.injectFaults({ path: /^\/oauth\/deauthorize$/, status: 500, count: 1 });
    await expect(disconnectStripe(bed.db, who, bed.deps)).rejects.toMatchObject({
      code: "disconnect_failed",
    });
    const [row] = await bed.db
      .select()
      .from(stripeConnections)
      .where(eq(stripeConnections.merchantId, who.merchantId));
    expect(row!.disconnectedAt).toBeNull();
    expect(await audits(who.merchantId)).toHaveLength(0);
    // The next try goes through.
    await disconnectStripe(bed.db, who, bed.deps);
  });

  it("refuses when nothing is connected", async () => {
    const who = await newMerchant(bed);
    await expect(disconnectStripe(bed.db, who, bed.deps)).rejects.toMatchObject({ code: "not_connected" });
  });

  it("lets the merchant connect the same account again afterwards", async () => {
    const { who, account } = await connected();
    await disconnectStripe(bed.db, who, bed.deps);
    const { result } = await connectThroughStripe(bed, who, { account });
    expect(result.ok && result.connection.stripeUserId).toBe(account);
    const rows = await bed.db
      .select()
      .from(stripeConnections)
      .where(eq(stripeConnections.merchantId, who.merchantId));
    expect(rows).toHaveLength(2);
  });
});
