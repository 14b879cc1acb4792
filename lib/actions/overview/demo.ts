"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { loadSampleData, removeSampleData } from "@/lib/demo/sample-data";
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

/** Local use: 90 days of made-up activity, and its removal (exactly what was added). */
export const sampleDataAction = merchantAction(
  z.object({ action: z.enum(["load", "remove"]) }),
  async ({ action }, ctx) => {
    const db = await getDb();
    if (action === "load") await loadSampleData(db, ctx.merchantId);
    else await removeSampleData(db, ctx.merchantId);
    revalidatePath("/dashboard");
    return null;
  },
);
