"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { findAffiliateForSession } from "@/db/queries/affiliate-accounts";
import { setAutoApprove } from "@/db/queries/affiliate-program";
import { recordAudit } from "@/db/queries/audit";
import { getMerchant } from "@/db/queries/merchants";
import { invitationLink, inviteAffiliate, issueInvitation } from "@/lib/affiliates/invitations";
import { changeAffiliateStatus, STATUS_MOVES, type StatusMove } from "@/lib/affiliates/status";
import { merchantAction } from "@/lib/auth/action";
import { saveCommissionOverride } from "@/lib/commissions/overrides";
import { env } from "@/lib/env";
import { conflict, notFound } from "@/lib/errors";

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

async function linkFor(merchantId: string, token: string) {
  const merchant = await getMerchant(await getDb(), merchantId);
  if (!merchant) throw notFound("No such merchant");
  return invitationLink(env().APP_URL, merchant.slug, token);
}

/** Adds a pending affiliate (or finds the one with that email) and returns their one-time link. */
export const inviteAffiliateAction = merchantAction(
  z.object({ email: z.string(), firstName: z.string(), lastName: z.string() }),
  async (input, ctx) => {
    const { affiliate, token, expiresAt } = await inviteAffiliate(
      await getDb(),
      ctx.merchantId,
      ctx.userId,
      input,
    );
    return {
      affiliateId: affiliate.id,
      link: await linkFor(ctx.merchantId, token),
      expiresAt: expiresAt.toISOString(),
    };
  },
);

/** A fresh link for an affiliate the merchant added who has no portal password yet. */
export const issueInvitationAction = merchantAction(z.object({ affiliateId }), async (input, ctx) => {
  const db = await getDb();
  const affiliate = await findAffiliateForSession(db, ctx.merchantId, input.affiliateId);
  if (!affiliate) throw notFound("No such affiliate");
  if (affiliate.passwordHash) throw conflict("This affiliate already has a portal account", "already_joined");
  if (affiliate.status === "inactive")
    throw conflict("Reactivate this affiliate before inviting them", "inactive");
  const { token, expiresAt } = await issueInvitation(db, {
    merchantId: ctx.merchantId,
    affiliateId: affiliate.id,
    userId: ctx.userId,
  });
  return { link: await linkFor(ctx.merchantId, token), expiresAt: expiresAt.toISOString() };
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
