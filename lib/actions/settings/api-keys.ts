"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { rotatePrivateKey } from "@/db/queries/api-keys";
import { recordAudit } from "@/db/queries/audit";
import { merchantAction } from "@/lib/auth/action";

/**
 * Creates the first private key, or replaces the current one; the new key is returned once.
 * Owners only: the key acts for the whole merchant through the REST API.
 */
export const rotatePrivateKeyAction = merchantAction(
  z.object({}),
  async (_input, ctx) => {
    const db = await getDb();
    const created = await rotatePrivateKey(db, ctx.merchantId);
    await recordAudit(db, {
      merchantId: ctx.merchantId,
      actorUserId: ctx.userId,
      action: "api_key.rotated",
      data: { prefix: created.prefix },
    });
    return { key: created.key, prefix: created.prefix };
  },
  { role: "owner" },
);
