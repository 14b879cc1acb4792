"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { requireMerchant } from "@/lib/auth/session";
import { beginConnect, connectDeps } from "@/lib/stripe/connect";
import { ConnectError } from "@/lib/stripe/connect-errors";
import { disconnectStripe } from "@/lib/stripe/disconnect";

/** "Add Stripe": a fresh single-use state, then off to Stripe's authorize page. */
export async function connectStripeAction(): Promise<void> {
  const ctx = await requireMerchant();
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

export const disconnectStripeAction = merchantAction(z.object({}), async (_input, ctx) => {
  const ended = await disconnectStripe(await getDb(), ctx, connectDeps);
  return { stripeUserId: ended.stripeUserId };
});
