"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { merchantAction } from "@/lib/auth/action";
import { inviteMember, revokeInvitation } from "@/lib/team/invitations";
import { changeMemberRole, removeMember } from "@/lib/team/members";

/** Settings → Team: owners only. lib/team validates and takes the locks. */

const owner = { role: "owner" } as const;
const TEAM_PAGE = "/dashboard/settings/team";

export const inviteMemberAction = merchantAction(
  z.object({ email: z.string(), role: z.string() }),
  async (input, ctx) => {
    const { invitation, link } = await inviteMember(await getDb(), ctx, input);
    revalidatePath(TEAM_PAGE);
    return {
      email: invitation.email,
      role: invitation.role,
      link,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  },
  owner,
);

export const revokeInvitationAction = merchantAction(
  z.object({ invitationId: z.string().regex(/^inv_[\w-]{1,60}$/, "No such invitation") }),
  async ({ invitationId }, ctx) => {
    await revokeInvitation(await getDb(), ctx, invitationId);
    revalidatePath(TEAM_PAGE);
    return { revoked: invitationId };
  },
  owner,
);

export const changeMemberRoleAction = merchantAction(
  z.object({ userId: z.string(), role: z.string() }),
  async (input, ctx) => {
    const member = await changeMemberRole(await getDb(), ctx, input);
    revalidatePath(TEAM_PAGE);
    return { userId: member.userId, role: member.role, changed: member.changed };
  },
  owner,
);

export const removeMemberAction = merchantAction(
  z.object({ userId: z.string() }),
  async (input, ctx) => {
    const member = await removeMember(await getDb(), ctx, input);
    revalidatePath(TEAM_PAGE);
    // Owners may leave too (while another owner stays): they then choose another program.
    return { userId: member.userId, self: member.userId === ctx.userId };
  },
  owner,
);
