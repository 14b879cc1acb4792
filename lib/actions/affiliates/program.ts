"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { setAutoApprove } from "@/db/queries/affiliate-program";
import { recordAudit } from "@/db/queries/audit";
import { inviteAffiliate, reinviteAffiliate } from "@/lib/affiliates/invitations";
import { changeAffiliateStatus, STATUS_MOVES, type StatusMove } from "@/lib/affiliates/status";
import { merchantAction } from "@/lib/auth/action";
import { saveCommissionOverride } from "@/lib/commissions/overrides";

/** The affiliate program, from the merchant's side: approval, invitations, plan overrides, settings. */

const affiliateId = z.string().regex(/^aff_[\w-]{1,60}$/, "No such affiliate");

export const changeAffiliateStatusAction = merchantAction(
  z.object({ affiliateId, move: z.enum(Object.keys(STATUS_MOVES) as [StatusMove, ...StatusMove[]]) }),
  async (input, ctx) => {
    const moved = await changeAffiliateStatus(await getDb(), {
      merchantId: ctx.merchantId,
      userId: ctx.userId,
      affiliateId: input.affiliateId,
      move: input.move,
    });
    return { status: moved.status };
  },
);

/** Adds a pending affiliate (or finds the one with that email), mails their one-time link and returns it. */
export const inviteAffiliateAction = merchantAction(
  z.object({ email: z.string(), firstName: z.string(), lastName: z.string() }),
  async (input, ctx) => {
    const { affiliate, link, expiresAt } = await inviteAffiliate(
      await getDb(),
      ctx.merchantId,
      ctx.userId,
      input,
    );
    return { affiliateId: affiliate.id, email: affiliate.email, link, expiresAt: expiresAt.toISOString() };
  },
);

/** A fresh link, mailed, for an affiliate the merchant added who has no portal password yet. */
export const issueInvitationAction = merchantAction(z.object({ affiliateId }), async (input, ctx) => {
  const { link, expiresAt } = await reinviteAffiliate(
    await getDb(),
    ctx.merchantId,
    ctx.userId,
    input.affiliateId,
  );
  return { link, expiresAt: expiresAt.toISOString() };
});

export const saveCommissionOverrideAction = merchantAction(
  z.object({ affiliateId, override: z.unknown() }),
  async (input, ctx) => {
    await saveCommissionOverride(await getDb(), {
      merchantId: ctx.merchantId,
      userId: ctx.userId,
      affiliateId: input.affiliateId,
      input: input.override,
    });
    return { saved: true };
  },
);

export const setAutoApproveAction = merchantAction(z.object({ enabled: z.boolean() }), async (input, ctx) => {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setAutoApprove(tx, ctx.merchantId, input.enabled);
    await recordAudit(tx, {
      merchantId: ctx.merchantId,
      actorUserId: ctx.userId,
      action: "settings.auto_approve_affiliates.changed",
      data: { enabled: input.enabled },
    });
  });
  return { enabled: input.enabled };
});
