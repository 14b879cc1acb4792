import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@/db";
import { errorAnswer } from "@/lib/http/error-answer";
import { readBody } from "@/lib/tracking/node";
import { stripeClient, stripeSettings, testStripeClient } from "../client";
import { handleStripeWebhook } from "./handle-request";

export const WEBHOOK_PATH = "/api/stripe/webhook";
/** Stripe events are a few kilobytes; a megabyte leaves room for the largest invoices. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * The custom server answers Stripe's deliveries itself, before Next.js, with the same
 * handler as app/api/stripe/webhook/route.ts (which serves deployments without it):
 * per event the framework would cost more than the work (bench/webhooks measures both).
 */
export function isWebhookRequest(req: IncomingMessage): boolean {
  return (
    req.method === "POST" && (req.url === WEBHOOK_PATH || req.url?.startsWith(`${WEBHOOK_PATH}?`) === true)
  );
}

export async function serveStripeWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  db: () => Promise<Database>,
) {
  let body: string | null;
  try {
    body = await readBody(req, MAX_EVENT_BYTES);
  } catch {
    return void req.destroy();
  }
  if (body === null)
    return send(res, 413, { error: { code: "payload_too_large", message: "Event too large" } });
  let settings: ReturnType<typeof stripeSettings>;
  try {
    settings = stripeSettings();
  } catch (error) {
    const answer = errorAnswer(error);
    return send(res, answer.status, answer.body);
  }
  const signature = req.headers["stripe-signature"];
  const result = await handleStripeWebhook(
    await db(),
    { body, signature: typeof signature === "string" ? signature : null },
    {
      stripe: stripeClient(settings),
      testStripe: testStripeClient(settings),
      webhookSecret: settings.webhookSecret,
    },
  );
  send(res, result.status, result.body);
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}
