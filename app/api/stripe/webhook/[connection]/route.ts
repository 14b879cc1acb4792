import { getDb } from "@/db";
import { handleConnectionWebhook } from "@/lib/stripe/webhooks/handle-connection-request";

/**
 * Events from the webhook endpoint Leadtrail created in a merchant's own Stripe account
 * (connected by API key). The signature covers the exact bytes, so the body is read as text.
 */
export async function POST(req: Request, ctx: { params: Promise<{ connection: string }> }) {
  const { connection } = await ctx.params;
  const body = await req.text();
  const result = await handleConnectionWebhook(await getDb(), {
    connectionId: connection,
    body,
    signature: req.headers.get("stripe-signature"),
  });
  return Response.json(result.body, { status: result.status });
}
