"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { discardPayout, markPayoutPaid } from "@/lib/payouts/payouts";

const payout = z.object({ id: z.string().min(1).max(64) });

export const markPayoutPaidAction = merchantAction(payout, async ({ id }, ctx) => {
  const { payout, changed } = await markPayoutPaid(await getDb(), ctx, id);
  revalidatePath("/dashboard/payouts");
  revalidatePath("/dashboard/commissions");
  return { status: payout.status, changed };
});

export const discardPayoutAction = merchantAction(payout, async ({ id }, ctx) => {
  const discarded = await discardPayout(await getDb(), ctx, id);
  revalidatePath("/dashboard/payouts");
  revalidatePath("/dashboard/commissions");
  return { status: discarded.status };
});
