"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { saveCouponSettings } from "@/lib/coupons/settings";

/** The affiliate coupon card's Save; lib/coupons validates (the same rules for every caller). */
export const saveCouponSettingsAction = merchantAction(
  z.record(z.string(), z.unknown()),
  async (input, ctx) => {
    const result = await saveCouponSettings(await getDb(), {
      merchantId: ctx.merchantId,
      actorUserId: ctx.userId,
      input,
    });
    revalidatePath("/dashboard/apps/stripe");
    return result;
  },
);
