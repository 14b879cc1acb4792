"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";
import { acceptInvitation } from "@/lib/affiliates/invitations";
import { joinProgram } from "@/lib/affiliates/join";
import { publicAction } from "@/lib/auth/action";
import { AppError, notFound } from "@/lib/errors";
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
export const joinProgramAction = publicAction(
  input,
  async ({ program, invite, ...fields }) => {
    const limited = await formLimitMessage("join", await requestIp());
    if (limited) throw new AppError(429, "rate_limited", limited);
    const db = await getDb();
    const merchant = await findMerchantBySlug(db, program);
    if (!merchant) throw notFound("This program does not exist");
    const affiliate = invite
      ? await acceptInvitation(db, merchant.id, { ...fields, token: invite })
      : await joinProgram(db, merchant, fields);
    return { email: affiliate.email, status: affiliate.status };
  },
  { invalid: "Fill in every field" },
);
