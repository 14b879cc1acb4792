"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { createAffiliate } from "@/lib/affiliates/create";
import { merchantAction } from "@/lib/auth/action";

/** The form's fields as typed; lib/affiliates validates them (the CLI goes through the same). */
export const createAffiliateAction = merchantAction(
  z.object({ firstName: z.string(), lastName: z.string(), email: z.string(), code: z.string() }),
  async (input, ctx) => {
    const affiliate = await createAffiliate(await getDb(), ctx.merchantId, input);
    return { id: affiliate.id };
  },
);
