import type { ReactNode } from "react";
import { MerchantNav } from "@/components/merchant/nav";
import { ProgramSwitcher } from "@/components/merchant/program-switcher";
import { MemberRoleProvider, ViewerNotice } from "@/components/merchant/role-context";
import { VerifyEmailBanner } from "@/components/merchant/verify-email-banner";
import { SignOutButton } from "@/components/shared/sign-out-button";
import { getDb } from "@/db";
import { getMerchant, membershipsForUser } from "@/db/queries/merchants";
import { requireMerchant } from "@/lib/auth/session";
import { publicLocalMailbox } from "@/lib/mail/transport";
import { ROLE_LABELS } from "@/lib/team/roles";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ctx = await requireMerchant();
  const db = await getDb();
  const [merchant, memberships] = await Promise.all([
    getMerchant(db, ctx.merchantId),
    membershipsForUser(db, ctx.userId),
  ]);
  const programs = memberships.map((m) => ({
    merchantId: m.merchantId,
    name: m.merchantName,
    role: ROLE_LABELS[m.role].toLowerCase(),
  }));
  return (
    <MemberRoleProvider role={ctx.role}>
      <div className="flex min-h-screen">
        <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white px-3 py-5">
          <div className="px-3 pb-5">
            <p className="text-lg font-semibold tracking-tight text-brand-700">Leadtrail</p>
            <p data-testid="program-name" className="truncate text-xs text-slate-500" title={merchant?.name}>
              {merchant?.name}
            </p>
            <ProgramSwitcher current={ctx.merchantId} programs={programs} />
          </div>
          <MerchantNav />
          <div className="mt-auto space-y-2 px-3 pt-6">
            <p className="truncate text-xs text-slate-500" title={ctx.email}>
              {ctx.email}
            </p>
            <p data-testid="member-role" className="text-xs text-slate-500">
              Role: {ROLE_LABELS[ctx.role]}
            </p>
            <SignOutButton />
          </div>
        </aside>
        <main className="min-w-0 flex-1 px-8 py-8">
          {!ctx.emailVerified && <VerifyEmailBanner email={ctx.email} localMailbox={publicLocalMailbox()} />}
          <ViewerNotice />
          {children}
        </main>
      </div>
    </MemberRoleProvider>
  );
}
