import Stripe from "stripe";
import { z } from "zod";
import { badRequest } from "@/lib/errors";

/** Stripe's default; older signatures are refused so a captured delivery cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The envelope fields the receiver relies on; the object itself is each handler's business. */
const envelope = z.object({
  id: z
    .string()
    .regex(/^evt_[A-Za-z0-9_]+$/)
    .max(255),
  type: z.string().min(1).max(200),
  account: z
    .string()
    .regex(/^acct_[A-Za-z0-9]+$/)
    .nullish(),
  livemode: z.boolean(),
  created: z.number().int().nonnegative(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/**
 * Checks the signature over the exact bytes received, then the envelope. Any failure is a 400
 * (AppError) and the caller stores nothing.
 */
export function verifyStripeEvent(
  stripe: Pick<Stripe, "webhooks">,
  body: string,
  signature: string | null,
  secret: string,
): Stripe.Event {
  if (!signature) throw badRequest("Missing Stripe-Signature header", "signature_missing");
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw badRequest("Invalid Stripe signature", "signature_invalid");
    }
    throw badRequest("The event body is not valid JSON", "invalid_payload");
  }
  const parsed = envelope.safeParse(event);
  if (!parsed.success) throw badRequest("The event is missing fields Leadtrail relies on", "invalid_event");
  return event;
}
