"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { MemberRole } from "@/lib/team/role-names";

const RoleContext = createContext<MemberRole>("viewer");

/** The signed-in member's role for the dashboard's client components (the server decides anyway). */
export function MemberRoleProvider({ role, children }: { role: MemberRole; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export function useMemberRole(): MemberRole {
  return useContext(RoleContext);
}

export const READ_ONLY_HINT = "Your role (viewer) can't make changes — ask an owner";

/**
 * Wraps a page's controls that change something: for a viewer every button and field inside is
 * disabled (a disabled fieldset), links keep working, and the reason is named for screen readers.
 * The server refuses the change anyway; this only keeps viewers from trying.
 */
export function Writable({ children }: { children: ReactNode }) {
  const role = useMemberRole();
  if (role !== "viewer") return <>{children}</>;
  return (
    <fieldset disabled aria-label={READ_ONLY_HINT} title={READ_ONLY_HINT} className="contents">
      {children}
    </fieldset>
  );
}

/** The line a viewer sees on every dashboard page. */
export function ViewerNotice() {
  const role = useMemberRole();
  if (role !== "viewer") return null;
  return (
    <p
      data-testid="viewer-notice"
      className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      You can look at everything here, but your role (viewer) can't make changes — ask an owner.
    </p>
  );
}
