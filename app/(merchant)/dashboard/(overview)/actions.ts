"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { actInStripe } from "@/lib/demo/try-it";
import { dismissChecklist } from "@/lib/onboarding/checklist";

/** Try it (local use): the simulated Stripe refunds or disputes the newest purchase. */
export const stripeWorldAction = merchantAction(
  z.object({ action: z.enum(["refund", "dispute"]) }),
  async ({ action }, ctx) => {
    const result = await actInStripe(await getDb(), ctx.merchantId, action);
    revalidatePath("/dashboard");
    return result;
  },
);

export const dismissChecklistAction = merchantAction(z.object({}), async (_input, ctx) => {
  await dismissChecklist(await getDb(), ctx.merchantId);
  revalidatePath("/dashboard");
  return null;
});
