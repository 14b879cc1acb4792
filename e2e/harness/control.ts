import http from "node:http";
import { getDb } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import { findUserByEmail, membershipsForUser } from "@/db/queries/merchants";
import { affiliates } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/ids";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { LEADTRAIL_PERMISSIONS, type StripeSimulator } from "@/stripe-simulator";
import { reportSeedRoutes } from "./report-seeds";

/**
 * Test-only control port of the end-to-end harness. It runs inside the app's process so it
 * can share the embedded database (which one process at a time may open). Never part of the app.
 */
export function startControlServer(
  port: number,
  parts: { stripeSimulator: StripeSimulator | null },
): http.Server {
  const routes: Record<string, (body: Record<string, string>) => Promise<unknown>> = {
    // A merchant as the sign-up form makes one, for tests that are not about signing up.
    async "/merchants"(body) {
      // Made by the operator, as the CLI makes them: the address needs no proving.
      const { merchant } = await signUpMerchant(await getDb(), body, { verified: true });
      return { merchantId: merchant.id };
    },
    async "/affiliates"(body) {
      const db = await getDb();
      const user = await findUserByEmail(db, body.merchantEmail ?? "");
      const [membership] = user ? await membershipsForUser(db, user.id) : [];
      if (!membership) throw new Error("unknown merchant");
      const affiliate = await insertAffiliate(db, {
        merchantId: membership.merchantId,
        email: body.email!,
        code: body.code!,
        firstName: body.firstName ?? "Sam",
        passwordHash: body.password ? await hashPassword(body.password) : null,
      });
      return { id: affiliate.id, merchantId: membership.merchantId };
    },
  };
  // Many existing affiliates with coupon codes `${prefix}-0..n-1`, in one insert (a merchant's back catalogue).
  routes["/affiliates/bulk"] = async (body) => {
    const db = await getDb();
    const user = await findUserByEmail(db, body.merchantEmail ?? "");
    const [membership] = user ? await membershipsForUser(db, user.id) : [];
    if (!membership) throw new Error("unknown merchant");
    const count = Number(body.count ?? 0);
    const prefix = body.prefix ?? "bulk";
    const rows = Array.from({ length: count }, (_, i) => ({
      id: newId("aff"),
      merchantId: membership.merchantId,
      email: `${prefix.toLowerCase()}-${i}@example.com`,
      code: `${prefix.toLowerCase()}-${i}`,
      firstName: `Bulk ${i}`,
      couponCode: `${prefix}-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(affiliates).values(rows.slice(i, i + 500));
    return { ids: rows.map((r) => r.id), codes: rows.map((r) => r.couponCode) };
  };
  // Made-up activity and coupon codes for the dashboard and portal suites.
  Object.assign(routes, reportSeedRoutes());
  // The merchant removes the app in Stripe's dashboard: the simulator signs and delivers the event.
  routes["/stripe-simulator/deauthorize"] = async (body) => {
    if (!parts.stripeSimulator) throw new Error("the Stripe simulator is not running");
    const { deliveries } = await parts.stripeSimulator.events.deauthorize({ account: body.account ?? "" });
    return { deliveries };
  };
  // The merchant creates a key in their own Stripe account: restricted (Leadtrail's permissions
  // unless others are named) or secret (as the merchant's shop uses to create Checkout Sessions).
  routes["/stripe-simulator/own-key"] = async (body) => {
    const sim = parts.stripeSimulator;
    if (!sim) throw new Error("the Stripe simulator is not running");
    const input = body as unknown as {
      kind?: string;
      account?: string;
      permissions?: string[];
      live?: boolean;
    };
    const options = {
      account: input.account,
      livemode: input.live === true,
      businessName: "Self-hosted Shop",
    };
    return input.kind === "secret"
      ? sim.createSecretKey(options)
      : sim.createRestrictedKey({ ...options, permissions: input.permissions ?? LEADTRAIL_PERMISSIONS });
  };
  // The merchant rolls or deletes the key in Stripe's dashboard.
  routes["/stripe-simulator/revoke-key"] = async (body) => {
    if (!parts.stripeSimulator) throw new Error("the Stripe simulator is not running");
    parts.stripeSimulator.revokeKey(body.key ?? "");
    return { revoked: true };
  };
  // A sale, renewal, refund, … happens in the merchant's Stripe account: sim.events[name](input).
  routes["/stripe-simulator/scenario"] = async (body) => {
    const sim = parts.stripeSimulator;
    if (!sim) throw new Error("the Stripe simulator is not running");
    const { name, input } = body as unknown as { name: string; input: Record<string, unknown> };
    const helper = (
      sim.events as unknown as Record<string, (input: unknown) => Promise<Record<string, unknown>>>
    )[name];
    if (!helper) throw new Error(`no scenario ${name}`);
    const result = await helper(input);
    const id = (key: string) => (result[key] as { id?: string } | null | undefined)?.id ?? null;
    return {
      deliveries: result.deliveries,
      charge: id("charge"),
      invoice: id("invoice"),
      subscription: id("subscription"),
      session: id("session"),
    };
  };
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.method === "GET" && req.url === "/stripe-simulator/state") {
        if (!parts.stripeSimulator) return void res.writeHead(404).end("the Stripe simulator is not running");
        const body = JSON.stringify(
          { url: parts.stripeSimulator.url, state: parts.stripeSimulator.state },
          mapsAsObjects,
        );
        return void res.writeHead(200, { "content-type": "application/json" }).end(body);
      }
      const route = routes[req.url ?? ""];
      if (req.method !== "POST" || !route) return void res.writeHead(404).end();
      const result = await route(JSON.parse(Buffer.concat(chunks).toString() || "{}"));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  server.listen(port, "127.0.0.1");
  return server;
}

/** The simulator keeps its state in Maps, which JSON.stringify would print as {}. */
function mapsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}
