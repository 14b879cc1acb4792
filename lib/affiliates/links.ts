/**
 * Referral links to any page of the merchant's site (the portal's link builder): the page may
 * be a path ("/pricing") or a full URL on the same site; the referral parameter is added to it.
 * Browser-safe (no server imports), like `referralLink` in ./create.ts, whose output it matches.
 */
export function buildReferralLink(
  siteUrl: string,
  param: string,
  code: string,
  page = "",
): { ok: true; url: string } | { ok: false; error: string } {
  const site = new URL(siteUrl);
  let target: URL;
  try {
    target = new URL(page.trim() || site.toString(), site);
  } catch {
    return { ok: false, error: "Enter a page address such as /pricing" };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return { ok: false, error: "Enter a page address such as /pricing" };
  }
  if (target.host.toLowerCase() !== site.host.toLowerCase()) {
    return { ok: false, error: `Links must point to ${site.host}` };
  }
  target.searchParams.set(param, code);
  return { ok: true, url: target.toString() };
}
