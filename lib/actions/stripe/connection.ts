"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { requireMerchant } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { beginConnect, connectDeps } from "@/lib/stripe/connect";
import { ConnectError } from "@/lib/stripe/connect-errors";
import { connectWithApiKey } from "@/lib/stripe/connect-key";
import { disconnectStripe } from "@/lib/stripe/disconnect";
import { roleRefusal } from "@/lib/team/roles";

const READ_ONLY = "/dashboard/apps/stripe?error=read_only";

/** "Add Stripe": a fresh single-use state, then off to Stripe's authorize page. */
export async function connectStripeAction(): Promise<void> {
  const ctx = await requireMerchant();
  // A form action that redirects: a refused role is sent back to the page, which says why.
  if (roleRefusal(ctx.role, "admin")) redirect(READ_ONLY);
  let target: string;
  try {
    target = (await beginConnect(await getDb(), ctx, connectDeps())).url;
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    target = `/dashboard/apps/stripe?error=${error.code}`;
  }
  // Outside the try: redirect() works by throwing.
  redirect(target);
}

const keyForm = z.object({ key: z.string().max(500) });

/**
 * "Connect with API key": the key is checked and the endpoint made, then back to the Stripe
 * page. Failures travel as a code (and permission ids) the page turns into a fixed message.
 */
export async function connectWithApiKeyAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  if (roleRefusal(ctx.role, "admin")) redirect(READ_ONLY);
  const parsed = keyForm.safeParse({ key: form.get("key") ?? "" });
  const result = await connectWithApiKey(await getDb(), ctx, parsed.success ? parsed.data.key : "", {
    appUrl: env().APP_URL,
  });
  if (result.ok) redirect(`/dashboard/apps/stripe?connected=1${result.note ? "&note=secret_key" : ""}`);
  const missing = result.missing?.length ? `&missing=${result.missing.join(",")}` : "";
  redirect(`/dashboard/apps/stripe?key_error=${result.code}${missing}`);
}

export const disconnectStripeAction = merchantAction(z.object({}), async (_input, ctx) => {
  const ended = await disconnectStripe(await getDb(), ctx, connectDeps);
  return { stripeUserId: ended.stripeUserId };
});
