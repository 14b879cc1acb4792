import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import type { DbHandle } from "@/db";
import { createMerchant } from "@/db/queries/merchants";
import { createTestDatabase } from "@/db/testing";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_WEBHOOK_SECRET,
  type StripeSimulator,
  startStripeSimulator,
} from "@/stripe-simulator";
import type { Actor } from "./actor";
import { createStripeClient } from "./client";
import { beginConnect, type ConnectDeps, completeConnect } from "./connect";
import { handleStripeWebhook } from "./webhooks/handle-request";

/**
 * Test support: a fresh database, the Stripe simulator, the SDK pointed at it, and a webhook
 * endpoint that runs the real handler, so tests cover the whole path without Next.
 */

export const TEST_ENCRYPTION_KEY = "1".repeat(64);
export const REDIRECT_URI = "http://localhost:3000/api/stripe/oauth/callback";

export interface StripeTestbed {
  handle: DbHandle;
  db: DbHandle["db"];
  sim: StripeSimulator;
  stripe: Stripe;
  deps: ConnectDeps;
  webhookUrl: string;
  close(): Promise<void>;
}

export async function startStripeTestbed(): Promise<StripeTestbed> {
  const handle = await createTestDatabase();
  let stripe: Stripe | undefined;
  // The endpoint listens first so the simulator can be told where to deliver.
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const result = await handleStripeWebhook(
      handle.db,
      {
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["stripe-signature"]?.toString() ?? null,
      },
      { stripe: stripe!, webhookSecret: DEFAULT_WEBHOOK_SECRET },
    );
    res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`;
  const sim = await startStripeSimulator({ port: 0, webhookUrl });
  stripe = createStripeClient({
    secretKey: "sk_test_leadtrail_simulator",
    apiBase: sim.url,
    maxNetworkRetries: 0,
  });
  const deps: ConnectDeps = {
    stripe,
    clientId: DEFAULT_CLIENT_ID,
    authorizeUrl: `${sim.url}/oauth/authorize`,
    redirectUri: REDIRECT_URI,
    encryptionKey: TEST_ENCRYPTION_KEY,
  };
  return {
    handle,
    db: handle.db,
    sim,
    stripe,
    deps,
    webhookUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sim.close();
      await handle.close();
    },
  };
}

export async function newMerchant(bed: StripeTestbed): Promise<Actor> {
  const suffix = randomBytes(4).toString("hex");
  const { merchant, user } = await createMerchant(bed.db, {
    company: `Shop ${suffix}`,
    name: "Owner",
    email: `owner-${suffix}@example.com`,
    passwordHash: "not-used",
    // Stripe can only be connected by a user whose email is verified.
    emailVerifiedAt: new Date(),
  });
  return { merchantId: merchant.id, userId: user.id };
}

/**
 * The browser's part: open the authorize URL at the simulator and press "Connect my Stripe
 * account" (or choose an existing account). Returns the query Stripe redirects back with.
 */
export async function authorizeAtStripe(
  authorizeUrl: string,
  choice: { account?: string; mode?: "test" | "live" } = {},
): Promise<Record<string, string>> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${await page.text()}`);
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("account", choice.account ?? "new");
  form.set("mode", choice.mode ?? "test");
  form.set("business_name", "Test Shop");
  const confirm = await fetch(new URL("/oauth/authorize/confirm", url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const location = confirm.headers.get("location");
  if (confirm.status !== 303 || !location) throw new Error(`authorize confirm answered ${confirm.status}`);
  return Object.fromEntries(new URL(location).searchParams);
}

/** Begin, authorize at the simulator, complete: a merchant connected the way a browser does it. */
export async function connectThroughStripe(
  bed: StripeTestbed,
  who: Actor,
  choice: { account?: string; mode?: "test" | "live" } = {},
) {
  const { url } = await beginConnect(bed.db, who, bed.deps);
  const query = await authorizeAtStripe(url, choice);
  return { query, result: await completeConnect(bed.db, who, query, bed.deps) };
}

/** How many times the app asked the simulator to exchange a code. */
export function tokenExchanges(sim: StripeSimulator): number {
  return sim.state.requests.filter((r) => r.path === "/oauth/token").length;
}
