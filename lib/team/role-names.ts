/**
 * The roles of a merchant's team (SPEC §14), with no imports: the schema, the server and
 * client components all read them from here.
 */
export const MEMBER_ROLES = ["owner", "admin", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<MemberRole, string> = { owner: "Owner", admin: "Admin", viewer: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<MemberRole, string> = {
  owner: "Everything, including the team and API keys",
  admin: "Everything but the team and API keys",
  viewer: "Sees everything, changes nothing",
};

export function isMemberRole(value: unknown): value is MemberRole {
  return typeof value === "string" && (MEMBER_ROLES as readonly string[]).includes(value);
}
