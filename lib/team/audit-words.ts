/**
 * The audit log in words: each recorded action as a sentence, its data as short details.
 * Actions nobody described here still show, by their code, so nothing recorded is hidden.
 */
type Data = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" ? value : "");
const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const article = (role: unknown) => (role === "admin" || role === "owner" ? "an" : "a");
const via = (d: Data) => (d.via === "api" ? " through the REST API" : "");

const sentences: Record<string, (d: Data) => string> = {
  "api_key.rotated": () => "Created a new private API key (the previous one stopped working)",
  "tracking_settings.updated": () => "Changed the tracking settings",
  "settings.auto_approve_affiliates.changed": (d) =>
    d.enabled
      ? "Turned on automatic approval of new affiliates"
      : "Turned off automatic approval of new affiliates",
  "settings.commission_plan.changed": () => "Changed the commission plan",
  "settings.subscription_tracking.changed": () => "Changed how subscription charges are tracked",
  "settings.coupon_sync.saved": () => "Saved the affiliate coupon settings",
  "affiliate.commission_plan.changed": () => "Changed an affiliate's commission plan",
  "affiliate.approve": (d) => `Approved an affiliate${via(d)}`,
  "affiliate.deactivate": (d) => `Deactivated an affiliate${via(d)}`,
  "affiliate.reactivate": (d) => `Reactivated an affiliate${via(d)}`,
  "commission.review_approve": () => "Approved a held sale's commission",
  "commission.review_reject": () => "Rejected a held sale's commission",
  "commissions.approved": (d) => `Approved ${plural(count(d.ids), "commission")} before their hold ended`,
  "commissions.cancelled": (d) => `Cancelled ${plural(count(d.ids), "commission")}`,
  "payouts.created": (d) => `Created ${plural(count(d.payouts), "payout")}`,
  "payouts.paid": (d) => `Marked payout ${str(d.id)} as paid`,
  "payouts.discarded": (d) => `Discarded payout ${str(d.id)}`,
  "stripe.connected": () => "Connected a Stripe account",
  "stripe.disconnected": () => "Disconnected the Stripe account",
  "team.member_invited": (d) => `Invited ${str(d.email)} to the team as ${article(d.role)} ${str(d.role)}`,
  "team.invitation_revoked": (d) => `Revoked the invitation of ${str(d.email)}`,
  "team.member_joined": (d) => `Joined the team as ${article(d.role)} ${str(d.role)}`,
  "team.role_changed": (d) => `Changed the role of ${str(d.email)} from ${str(d.from)} to ${str(d.to)}`,
  "team.member_removed": (d) => `Removed ${str(d.email)} (${str(d.role)}) from the team`,
};

export function auditSentence(action: string, data: Data): string {
  return sentences[action]?.(data) ?? action;
}

/** The data as "key: value" lines, short: lists show their first few entries and their length. */
export function auditDetails(data: Data): string[] {
  return Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${words(key)}: ${short(value)}`);
}

function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase();
}

function short(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map(short).join(", ");
    return value.length > 3 ? `${shown} … (${value.length} in all)` : shown;
  }
  if (value && typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  }
  return String(value);
}

/** Who did it: the member (still named when they left the team), the REST API, or Leadtrail itself. */
export function auditActor(entry: {
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  data: Data;
}): { name: string; email: string | null } {
  if (entry.actorUserId && entry.actorEmail)
    return { name: entry.actorName || entry.actorEmail, email: entry.actorEmail };
  if (entry.actorUserId) return { name: "A deleted user", email: null };
  if (entry.data.via === "api") return { name: "REST API (private key)", email: null };
  return { name: "Leadtrail (automatic)", email: null };
}
