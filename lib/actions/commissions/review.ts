"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { decideReview } from "@/lib/commissions/review";

export const decideReviewAction = merchantAction(
  z.object({
    commissionId: z.string().regex(/^com_[\w-]{1,60}$/, "No such commission"),
    decision: z.enum(["approve", "reject"]),
  }),
  async (input, ctx) => {
    await decideReview(await getDb(), { merchantId: ctx.merchantId, userId: ctx.userId, ...input });
    revalidatePath("/dashboard/commissions/review");
    return { decided: input.decision };
  },
);
