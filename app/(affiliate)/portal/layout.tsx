import type { ReactNode } from "react";
import { PortalNav } from "@/components/affiliate/portal-nav";
import { SignOutButton } from "@/components/shared/sign-out-button";
import { getDb } from "@/db";
import { portalAffiliate } from "@/lib/auth/session";
import { portalProgram } from "@/lib/portal/data";

/**
 * The portal's frame for a signed-in affiliate. Signed out, /portal is the sign-in page and its
 * sub-pages redirect there (proxy.ts, and requireAffiliate in each page).
 */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const affiliate = await portalAffiliate();
  if (!affiliate) return children;
  const merchant = await portalProgram(await getDb(), affiliate);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <div className="flex items-center gap-6">
            <div>
              <p className="text-base font-semibold tracking-tight text-slate-900">{merchant.name}</p>
              <p className="text-xs text-slate-500">Affiliate portal</p>
            </div>
            <PortalNav />
          </div>
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-slate-600 sm:inline">Signed in as {affiliate.email}</span>
            <SignOutButton to="/portal" />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
