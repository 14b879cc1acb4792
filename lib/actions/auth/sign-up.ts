"use server";

import { getDb } from "@/db";
import { publicAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { formLimitMessage } from "@/lib/limits/forms";
import { requestIp } from "@/lib/limits/request-ip";
import { registerMerchant } from "@/lib/merchants/sign-up";
import { signupSchema } from "@/lib/merchants/validation";

export const signUpAction = publicAction(signupSchema, async (input) => {
  const limited = await formLimitMessage("signup", await requestIp());
  if (limited) throw new AppError(429, "rate_limited", limited);
  await registerMerchant(await getDb(), input);
  return null;
});
