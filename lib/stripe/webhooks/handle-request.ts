import type Stripe from "stripe";
import type { Database } from "@/db";
import { errorAnswer } from "@/lib/http/error-answer";
import { receiveStripeEvent } from "./receive";
import { verifyStripeEvent } from "./verify";

export interface WebhookResponse {
  status: number;
  body: object;
}

/**
 * The webhook endpoint without HTTP: raw body and signature in, status and JSON out. 400 (and
 * nothing stored) for a bad signature or envelope; 500 for a processing error so Stripe retries.
 */
export async function handleStripeWebhook(
  db: Database,
  request: { body: string; signature: string | null },
  deps: { stripe: Stripe; testStripe?: Stripe | null; webhookSecret: string },
): Promise<WebhookResponse> {
  try {
    const event = verifyStripeEvent(deps.stripe, request.body, request.signature, deps.webhookSecret);
    const outcome = await receiveStripeEvent(db, event, {
      stripe: () => deps.stripe,
      testStripe: () => deps.testStripe ?? null,
    });
    return { status: 200, body: { received: true, ...outcome } };
  } catch (error) {
    return webhookFailure(error);
  }
}

/**
 * A request's error as the webhook answers it: its own status for a known error (bad signature
 * 400, too large 413), else 500 so Stripe retries.
 */
export function webhookFailure(error: unknown): WebhookResponse {
  return errorAnswer(error, {
    label: "Stripe webhook processing failed:",
    internal: { code: "processing_failed", message: "Processing failed; retry later" },
  });
}
