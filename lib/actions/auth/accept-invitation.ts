"use server";

import { getDb } from "@/db";
import type { ActionResult } from "@/lib/auth/action";
import { merchantUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formLimitMessage } from "@/lib/limits/forms";
import { requestIp } from "@/lib/limits/request-ip";
import { acceptAsNewUser, acceptAsUser } from "@/lib/team/accept";

/**
 * Someone new accepts a team invitation: name and password (the sign-up rules and the sign-up
 * limit per address), for the invited email. The page then signs them in.
 */
export async function acceptAsNewMemberAction(input: {
  token: string;
  name: string;
  password: string;
}): Promise<ActionResult<{ email: string }>> {
  try {
    const limited = await formLimitMessage("signup", await requestIp());
    if (limited) return { ok: false, error: limited };
    const { email } = await acceptAsNewUser(await getDb(), input);
    return { ok: true, data: { email } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

/** A signed-in user accepts an invitation for their own email; the page then switches to it. */
export async function acceptInvitationAction(input: {
  token: string;
}): Promise<ActionResult<{ merchantId: string }>> {
  try {
    const user = await merchantUser();
    const token = typeof input?.token === "string" ? input.token : "";
    const { merchantId } = await acceptAsUser(await getDb(), user, token);
    return { ok: true, data: { merchantId } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
