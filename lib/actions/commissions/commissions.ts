"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import {
  approveCommissions,
  cancelCommissions,
  commissionIdsSchema,
  createPayouts,
  nothingToPayReason,
} from "@/lib/payouts/payouts";

const selection = z.object({ ids: commissionIdsSchema });

export const approveCommissionsAction = merchantAction(selection, async ({ ids }, ctx) => {
  const result = await approveCommissions(await getDb(), ctx, ids);
  revalidatePath("/dashboard/commissions");
  return result;
});

export const cancelCommissionsAction = merchantAction(selection, async ({ ids }, ctx) => {
  const result = await cancelCommissions(await getDb(), ctx, ids);
  revalidatePath("/dashboard/commissions");
  return result;
});

export const createPayoutAction = merchantAction(
  z.object({ ids: commissionIdsSchema, includeTestMode: z.boolean() }),
  async ({ ids, includeTestMode }, ctx) => {
    const result = await createPayouts(await getDb(), ctx, { commissionIds: ids, includeTestMode });
    revalidatePath("/dashboard/commissions");
    revalidatePath("/dashboard/payouts");
    return {
      payoutIds: result.payouts.map((p) => p.id),
      carriedOver: result.carriedOver.length,
      message: result.payouts.length ? null : nothingToPayReason(result),
    };
  },
);
