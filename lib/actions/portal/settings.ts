"use server";

import { z } from "zod";
import { getDb } from "@/db";
import type { ActionResult } from "@/lib/auth/action";
import { affiliateContext } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { setPortalNoticeSetting } from "@/lib/portal/notices";

const input = z.object({ on: z.boolean() });

/** The signed-in affiliate turns the new-commission notice on or off (for their own account only). */
export async function setCommissionNoticesAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<{ on: boolean }>> {
  try {
    const ctx = await affiliateContext();
    const parsed = input.safeParse(raw);
    if (!parsed.success) return { ok: false, error: "Choose on or off" };
    return { ok: true, data: { on: await setPortalNoticeSetting(await getDb(), ctx, parsed.data.on) } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
