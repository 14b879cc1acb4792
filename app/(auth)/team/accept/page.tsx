import Link from "next/link";
import { AcceptInvitationButton, NewMemberForm } from "@/components/shared/accept-invitation";
import { SignOutButton } from "@/components/shared/sign-out-button";
import { getDb } from "@/db";
import { acceptAsNewMemberAction, acceptInvitationAction } from "@/lib/actions/auth/accept-invitation";
import { currentSession } from "@/lib/auth/session";
import { openMemberInvitation } from "@/lib/team/accept";
import { USED_OR_EXPIRED } from "@/lib/team/invitations";
import { ROLE_DESCRIPTIONS } from "@/lib/team/roles";

export const metadata = { title: "Join a team" };

const linkClass = "font-medium text-brand-600 hover:underline";

/**
 * `/team/accept?token=…`: someone new sets a name and password; someone with an account signs
 * in as the invited email and accepts. The link is used up only by the acceptance itself.
 */
export default async function AcceptInvitationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const invitation = typeof token === "string" ? await openMemberInvitation(await getDb(), token) : null;
  if (!invitation || typeof token !== "string") {
    return (
      <>
        <h1 className="mb-4 text-lg font-semibold">This invitation cannot be used</h1>
        <p className="text-sm text-slate-600">{USED_OR_EXPIRED}</p>
        <p className="mt-6 text-sm">
          <Link className={linkClass} href="/login">
            Log in
          </Link>
        </p>
      </>
    );
  }
  const here = `/team/accept?token=${encodeURIComponent(token)}`;
  const session = await currentSession();
  const signedIn = session?.user ?? null;
  const isInvitee =
    signedIn?.role === "merchant" && signedIn.email.toLowerCase() === invitation.email.toLowerCase();
  return (
    <>
      <h1 className="mb-2 text-lg font-semibold">Join {invitation.merchantName}</h1>
      <p className="mb-6 text-sm text-slate-600">
        You are invited as <strong>{invitation.role}</strong>:{" "}
        {ROLE_DESCRIPTIONS[invitation.role].toLowerCase()}. The invitation is for{" "}
        <strong>{invitation.email}</strong>.
      </p>
      {isInvitee ? (
        <AcceptInvitationButton token={token} accept={acceptInvitationAction} />
      ) : signedIn ? (
        <div className="space-y-4 text-sm text-slate-600">
          <p>
            You are signed in as {signedIn.email}. Sign out, then sign in as {invitation.email} to accept.
          </p>
          <SignOutButton to={here} />
        </div>
      ) : invitation.hasAccount ? (
        <p className="text-sm text-slate-600">
          You have a Leadtrail account already.{" "}
          <Link className={linkClass} href={`/login?callbackUrl=${encodeURIComponent(here)}`}>
            Log in as {invitation.email} to accept
          </Link>
        </p>
      ) : (
        <NewMemberForm token={token} email={invitation.email} accept={acceptAsNewMemberAction} />
      )}
    </>
  );
}
