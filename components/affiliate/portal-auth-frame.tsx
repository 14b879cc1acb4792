import type { ReactNode } from "react";

/** The signed-out portal's card: sign-in, forgot password, choosing a new one. */
export function PortalAuthFrame({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <p className="mb-8 text-xl font-semibold tracking-tight text-brand-700">Leadtrail · Affiliate portal</p>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        {children}
      </div>
    </main>
  );
}
