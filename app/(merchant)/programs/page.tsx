import Link from "next/link";
import { ProgramChooser } from "@/components/shared/program-chooser";
import { SignOutButton } from "@/components/shared/sign-out-button";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { membershipsForUser } from "@/db/queries/merchants";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { requireMerchantUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/team/roles";

export const metadata = { title: "Choose a program" };

/**
 * After signing in, a member of several merchants picks one (proxy.ts sends them here); a member
 * removed from the session's merchant lands here too. Choosing changes the session's merchant.
 */
export default async function ProgramsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireMerchantUser();
  const params = await searchParams;
  const memberships = await membershipsForUser(await getDb(), user.userId);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <p className="mb-8 text-xl font-semibold tracking-tight text-brand-700">Leadtrail</p>
      <div className="w-full max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-lg font-semibold">Choose a program</h1>
        <p className="text-sm text-slate-600">Signed in as {user.email}.</p>
        {params.removed === "1" && <Alert tone="warning">You are no longer a member of that program.</Alert>}
        {memberships.length === 0 ? (
          <p className="text-sm text-slate-600">
            You are not on any program's team. Ask an owner to invite you, or{" "}
            <Link className="font-medium text-brand-600 hover:underline" href="/signup">
              create your own program
            </Link>{" "}
            (with another email).
          </p>
        ) : (
          <ProgramChooser
            callbackUrl={safeCallbackPath(params.callbackUrl, "/dashboard")}
            programs={memberships.map((m) => ({
              merchantId: m.merchantId,
              name: m.merchantName,
              role: ROLE_LABELS[m.role],
            }))}
          />
        )}
        <SignOutButton />
      </div>
    </main>
  );
}
