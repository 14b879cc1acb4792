import { createHmac } from "node:crypto";
import { z } from "zod";
import type { Database } from "@/db";
import { noticeSettings, setCommissionNotices } from "@/db/queries/notices";
import { safeEqual } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { PermanentJobError } from "@/lib/jobs/errors";
import { appLink } from "@/lib/mail/links";

/**
 * Unsubscribe links for the new-commission notice, usable signed out (SPEC §12): the link names
 * the program and the affiliate and carries an HMAC of both under a key derived from
 * NEXTAUTH_SECRET, so nothing is stored and only Leadtrail can make one. Every link an affiliate
 * was ever mailed keeps working (unless the secret is rotated).
 */
export interface NoticeTarget {
  merchantId: string;
  affiliateId: string;
}

const PURPOSE = "leadtrail:commission-notices:unsubscribe:v1";

function signingKey(): string {
  const secret = env().NEXTAUTH_SECRET;
  // A job cannot sign links without it, however often it retries: the operator must set it.
  if (!secret) throw new PermanentJobError("NEXTAUTH_SECRET is not set: unsubscribe links cannot be signed");
  return createHmac("sha256", secret).update(PURPOSE).digest("hex");
}

function signature(target: NoticeTarget): string {
  return createHmac("sha256", signingKey())
    .update(`${target.merchantId}\n${target.affiliateId}`)
    .digest("base64url");
}

/** The page a person clicks (it asks to confirm) and the RFC 8058 one-click POST address. */
export function unsubscribeLinks(target: NoticeTarget): { page: string; oneClick: string } {
  const params = { m: target.merchantId, a: target.affiliateId, t: signature(target) };
  return { page: appLink("/unsubscribe", params), oneClick: appLink("/api/unsubscribe", params) };
}

const linkParams = z.object({
  m: z.string().regex(/^mer_[\w-]{1,60}$/),
  a: z.string().regex(/^aff_[\w-]{1,60}$/),
  t: z.string().regex(/^[\w-]{43}$/),
});

const INVALID = "This unsubscribe link is not valid. Turn the emails off in the portal settings instead.";

/** The program and affiliate a link names: 400 when malformed, 403 when its signature is not ours. */
export function verifyUnsubscribeLink(params: URLSearchParams): NoticeTarget {
  const parsed = linkParams.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw badRequest(INVALID, "invalid_link");
  const target = { merchantId: parsed.data.m, affiliateId: parsed.data.a };
  if (!safeEqual(signature(target), parsed.data.t)) throw new AppError(403, "invalid_link", INVALID);
  return target;
}

/** What the confirmation page names: the program and the address the notices go to. */
export async function unsubscribeTarget(db: Database, params: URLSearchParams) {
  const target = verifyUnsubscribeLink(params);
  const settings = await noticeSettings(db, target.merchantId, target.affiliateId);
  if (!settings) throw notFound(INVALID);
  return { ...target, ...settings };
}

/** Turns the notices off for the affiliate the link names (repeating it changes nothing). */
export async function unsubscribe(db: Database, params: URLSearchParams) {
  const target = verifyUnsubscribeLink(params);
  const row = await setCommissionNotices(db, target.merchantId, target.affiliateId, false);
  if (!row) throw notFound(INVALID);
  return target;
}
