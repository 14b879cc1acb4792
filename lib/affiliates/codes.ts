import { randomToken } from "@/lib/ids";

/**
 * A referral code for an affiliate who did not choose one: their first name (or the start of
 * their email) and four random characters, e.g. "ada7k2q". URL-safe like every code.
 */
export function suggestReferralCode(person: { firstName?: string; email: string }): string {
  const source = person.firstName?.trim() || person.email.split("@")[0] || "";
  const base = source
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase()
    .slice(0, 12);
  return `${base || "partner"}${randomToken(4).toLowerCase()}`;
}
