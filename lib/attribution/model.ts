/**
 * Attribution rules for tracked traffic (SPEC §3). Pure functions: the visit path applies the
 * visitor rule inside one SQL statement (db/queries/tracking.ts), and a parity test keeps the two
 * in step.
 */

export type AttributionModel = "first_touch" | "last_touch";

export interface AttributionSettings {
  model: AttributionModel;
  windowDays: number;
}

/** The affiliate a visitor is credited to, and since when the window runs. */
export interface VisitorCredit {
  affiliateId: string | null;
  affiliateAt: Date | null;
}

const DAY_MS = 86_400_000;

/** True while a credit given at `at` still counts at `now`. */
export function isWithinWindow(at: Date, now: Date, windowDays: number): boolean {
  return now.getTime() - at.getTime() <= windowDays * DAY_MS;
}

/**
 * The visitor's credit after a visit that carried `touchAffiliateId` (null: no referral code).
 * First touch keeps the earlier affiliate while its window runs; a repeat click by that same
 * affiliate restarts the window. Last touch always moves to the newest referral.
 */
export function nextVisitorCredit(
  current: VisitorCredit | null,
  touchAffiliateId: string | null,
  now: Date,
  settings: AttributionSettings,
): VisitorCredit {
  const kept = current ?? { affiliateId: null, affiliateAt: null };
  if (!touchAffiliateId) return kept;
  const replace =
    settings.model === "last_touch" ||
    !kept.affiliateId ||
    !kept.affiliateAt ||
    kept.affiliateId === touchAffiliateId ||
    !isWithinWindow(kept.affiliateAt, now, settings.windowDays);
  return replace ? { affiliateId: touchAffiliateId, affiliateAt: now } : kept;
}

/** The affiliate a lead made now should be bound to: the visitor's, unless its window has run out. */
export function creditedAffiliate(
  credit: VisitorCredit | null,
  now: Date,
  windowDays: number,
): string | null {
  if (!credit?.affiliateId || !credit.affiliateAt) return null;
  return isWithinWindow(credit.affiliateAt, now, windowDays) ? credit.affiliateId : null;
}

export interface LeadBinding {
  visitorId: string | null;
  affiliateId: string | null;
}

/**
 * A repeated lead for an email merges into the existing one. First touch keeps the existing
 * affiliate and only fills a gap; last touch lets a newer referral take over.
 */
export function mergeLeadBinding(
  existing: LeadBinding,
  incoming: LeadBinding,
  model: AttributionModel,
): LeadBinding {
  // The visitor travels with the affiliate it credited, so the lead never pairs one visitor's
  // browser with another visitor's referral.
  const takeIncoming = incoming.affiliateId !== null && (model === "last_touch" || !existing.affiliateId);
  if (takeIncoming) return incoming;
  return { affiliateId: existing.affiliateId, visitorId: existing.visitorId ?? incoming.visitorId };
}
