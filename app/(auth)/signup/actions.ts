"use server";

import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { signUpMerchant } from "@/lib/merchants/sign-up";

export async function signUpAction(input: {
  name: string;
  company: string;
  email: string;
  password: string;
}): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await signUpMerchant(await getDb(), input);
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
