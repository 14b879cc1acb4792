import type { JWT } from "next-auth/jwt";
import { z } from "zod";
import type { Database } from "@/db";
import { findMembership } from "@/db/queries/merchants";

const request = z.object({ merchantId: z.string().regex(/^mer_[\w-]{1,60}$/) });

/**
 * The session after "switch program" (next-auth's `update`, whose data the browser chooses):
 * the merchant changes only to one the user is a member of, checked in the database here.
 * Anything else leaves the token as it was, so the caller sees the merchant did not change.
 */
export async function switchedToken(db: Database, token: JWT, data: unknown): Promise<JWT> {
  const wanted = request.safeParse(data);
  if (!wanted.success || token.role !== "merchant" || !token.sub) return token;
  const membership = await findMembership(db, token.sub, wanted.data.merchantId);
  if (!membership) return token;
  return { ...token, merchantId: wanted.data.merchantId, choose: false };
}
