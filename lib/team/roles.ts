import { forbidden } from "@/lib/errors";
import type { MemberRole } from "./role-names";

export * from "./role-names";

/**
 * What each role may do, as one ladder: a viewer reads, an admin also changes things, an owner
 * also manages the team and the API keys. Every check in the app asks "at least this role?",
 * so the rule lives here only.
 */
const RANK: Record<MemberRole, number> = { viewer: 0, admin: 1, owner: 2 };

/** What a change needs: "admin" for any change (the default), "owner" for owner-only work. */
export type RequiredRole = Exclude<MemberRole, "viewer">;

export function hasRole(role: MemberRole, needed: MemberRole): boolean {
  return RANK[role] >= RANK[needed];
}

export const canWrite = (role: MemberRole) => hasRole(role, "admin");

/** The sentence a refused member reads, or null when the role suffices. */
export function roleRefusal(role: MemberRole, needed: RequiredRole): string | null {
  if (hasRole(role, needed)) return null;
  return role === "viewer"
    ? "Your role (viewer) can't make changes — ask an owner"
    : `Your role (${role}) can't do this — only an owner can`;
}

/** Throws the 403 every layer answers with (actions show its message, routes send it as JSON). */
export function assertRole(role: MemberRole, needed: RequiredRole): void {
  const refusal = roleRefusal(role, needed);
  if (refusal) throw forbidden(refusal);
}
