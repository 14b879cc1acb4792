import { getDb } from "@/db";
import { readTextLimited } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/error-answer";
import { stripeClient, stripeSettings, testStripeClient } from "@/lib/stripe/client";
import { handleStripeWebhook } from "@/lib/stripe/webhooks/handle-request";
import { MAX_EVENT_BYTES } from "@/lib/stripe/webhooks/node";

/** Connect webhooks. The signature covers the exact bytes, so the body is read as text, untouched. */
export async function POST(req: Request) {
  // The same cap as the custom server's fast path (lib/stripe/webhooks/node.ts).
  const body = await readTextLimited(req, MAX_EVENT_BYTES);
  if (body === null) {
    return Response.json(
      { error: { code: "payload_too_large", message: "Event too large" } },
      { status: 413 },
    );
  }
  let settings: ReturnType<typeof stripeSettings>;
  try {
    settings = stripeSettings();
  } catch (error) {
    return errorResponse(error);
  }
  const result = await handleStripeWebhook(
    await getDb(),
    { body, signature: req.headers.get("stripe-signature") },
    {
      stripe: stripeClient(settings),
      testStripe: testStripeClient(settings),
      webhookSecret: settings.webhookSecret,
    },
  );
  return Response.json(result.body, { status: result.status });
}
