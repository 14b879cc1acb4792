"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { programPlanSchema, saveCommissionPlan } from "@/lib/commissions/plan-settings";

export const saveCommissionPlanAction = merchantAction(programPlanSchema, async (plan, ctx) => {
  await saveCommissionPlan(await getDb(), ctx.merchantId, ctx.userId, plan);
  revalidatePath("/dashboard/settings/commissions");
  return { saved: true };
});
