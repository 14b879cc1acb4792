"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";
import { acceptInvitation } from "@/lib/affiliates/invitations";
import { joinProgram } from "@/lib/affiliates/join";
import type { ActionResult } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { formLimitMessage } from "@/lib/limits/forms";
import { requestIp } from "@/lib/limits/request-ip";

const input = z.object({
  program: z.string().max(80),
  invite: z.string().max(64).optional(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().optional(),
  password: z.string(),
});

/**
 * The public join form (no session: anyone may join a program). With an invitation token the
 * invited affiliate sets their password and is activated; without one a new affiliate is
 * created, pending unless the merchant approves automatically. The page then signs them in.
 */
export async function joinProgramAction(
  raw: z.input<typeof input>,
): Promise<ActionResult<{ email: string; status: "pending" | "active" | "inactive" }>> {
  try {
    const parsed = input.safeParse(raw);
    if (!parsed.success) return { ok: false, error: "Fill in every field" };
    const limited = await formLimitMessage("join", await requestIp());
    if (limited) return { ok: false, error: limited };
    const db = await getDb();
    const merchant = await findMerchantBySlug(db, parsed.data.program);
    if (!merchant) return { ok: false, error: "This program does not exist" };
    const { invite, ...fields } = parsed.data;
    const affiliate = invite
      ? await acceptInvitation(db, merchant.id, { ...fields, token: invite })
      : await joinProgram(db, merchant, fields);
    return { ok: true, data: { email: affiliate.email, status: affiliate.status } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
