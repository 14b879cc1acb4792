import { InviteMemberForm } from "@/components/merchant/team/invite-member-form";
import { PendingInvitations } from "@/components/merchant/team/pending-invitations";
import { TeamMembers } from "@/components/merchant/team/team-members";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listMembers, listOpenInvitations } from "@/db/queries/team";
import {
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
} from "@/lib/actions/settings/team";
import { requireMerchant } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/team/roles";

export const metadata = { title: "Team" };

/** Everyone on the team sees it; only owners change it (the actions check that again). */
export default async function TeamPage() {
  const ctx = await requireMerchant();
  const db = await getDb();
  const [members, invitations] = await Promise.all([
    listMembers(db, ctx.merchantId),
    listOpenInvitations(db, ctx.merchantId),
  ]);
  const manage = ctx.role === "owner";
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Team"
        description="Who works on this program. Owners invite people, change roles and remove members."
      />
      <div className="max-w-4xl space-y-6">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {(["owner", "admin", "viewer"] as const).map((role) => (
            <div key={role} className="rounded-md border border-slate-200 bg-white px-4 py-3">
              <dt className="font-medium text-slate-800">{ROLE_LABELS[role]}</dt>
              <dd className="text-slate-600">{ROLE_DESCRIPTIONS[role]}</dd>
            </div>
          ))}
        </dl>
        {!manage && (
          <p className="text-sm text-slate-600">
            Your role ({ctx.role}) can't change the team — ask an owner.
          </p>
        )}
        <TeamMembers
          members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
          currentUserId={ctx.userId}
          manage={manage}
          changeRole={changeMemberRoleAction}
          remove={removeMemberAction}
        />
        {manage && (
          <Card title="Invite someone">
            <InviteMemberForm invite={inviteMemberAction} />
          </Card>
        )}
        <PendingInvitations
          invitations={invitations.map((i) => ({
            id: i.id,
            email: i.email,
            role: i.role,
            expiresAt: i.expiresAt.toISOString(),
            expired: i.expiresAt <= now,
          }))}
          manage={manage}
          revoke={revokeInvitationAction}
        />
      </div>
    </>
  );
}
