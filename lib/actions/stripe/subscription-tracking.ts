"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { setSubscriptionTracking } from "@/lib/settings/subscription-tracking";

/** Needs `confirmed: true`: the form only sends it after the merchant accepted the warning. */
export const setSubscriptionTrackingAction = merchantAction(
  z.object({ byTransaction: z.boolean(), confirmed: z.literal(true, "Confirm the change to apply it") }),
  async (input, ctx) => {
    const result = await setSubscriptionTracking(await getDb(), {
      merchantId: ctx.merchantId,
      actorUserId: ctx.userId,
      byTransaction: input.byTransaction,
    });
    revalidatePath("/dashboard/apps/stripe");
    return result;
  },
);
