"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { commissionPlanSchema, saveCommissionPlan } from "@/lib/settings/commission-plan";

export const saveCommissionPlanAction = merchantAction(commissionPlanSchema, async (plan, ctx) => {
  await saveCommissionPlan(await getDb(), ctx.merchantId, ctx.userId, plan);
  revalidatePath("/dashboard/settings/commissions");
  return { saved: true };
});
