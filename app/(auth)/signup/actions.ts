"use server";

import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { formLimitMessage } from "@/lib/limits/forms";
import { requestIp } from "@/lib/limits/request-ip";
import { registerMerchant } from "@/lib/merchants/sign-up";

export async function signUpAction(input: {
  name: string;
  company: string;
  email: string;
  password: string;
}): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const limited = await formLimitMessage("signup", await requestIp());
    if (limited) return { ok: false, error: limited };
    await registerMerchant(await getDb(), input);
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
