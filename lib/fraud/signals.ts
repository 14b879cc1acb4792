import MailChecker from "mailchecker";
import type { Database } from "@/db";
import { affiliatePurchaseWithCard, leadsSharing } from "@/db/queries/fraud";
import type { Affiliate, Purchase } from "@/db/schema";

/**
 * Signs that a credited sale may be forged (SPEC §13). Any of them holds the sale's commission
 * for the merchant's review (on_hold, hold_reason "review") with the reasons shown; the merchant
 * approves it into the normal hold or rejects it. Self-referral by email is settled earlier:
 * such a sale earns nothing (lib/sales/attribute-sale.ts); self-referral by card is a signal:
 * a sale paid with a card the affiliate paid with themself (the charge's card fingerprint,
 * purchases.payment_fingerprint) under another email.
 */

/** More leads than this from one browser look like someone typing in other people's emails. */
export const MAX_LEADS_PER_VISITOR = 5;
/** An office or a mobile carrier shares one address between many people: the bar is higher. */
export const MAX_LEADS_PER_ADDRESS = 20;

export function isDisposableEmail(email: string | null | undefined): boolean {
  // isValid also refuses malformed addresses: only well-formed ones are judged by their domain.
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return false;
  return !MailChecker.isValid(email);
}

export async function reviewReasons(
  db: Database,
  merchantId: string,
  purchase: Pick<Purchase, "id" | "email" | "leadId" | "paymentFingerprint">,
  affiliate?: Pick<Affiliate, "id" | "email">,
): Promise<string[]> {
  const reasons: string[] = [];
  const card = affiliate ? await cardReason(db, merchantId, purchase, affiliate) : null;
  if (card) reasons.push(card);
  if (isDisposableEmail(purchase.email)) {
    reasons.push(`The customer's email (${purchase.email}) is at a disposable email provider.`);
  }
  if (purchase.leadId) {
    const n = await leadsSharing(db, merchantId, purchase.leadId, "visitor");
    if (n > MAX_LEADS_PER_VISITOR) {
      reasons.push(
        `The customer's browser recorded ${n} different leads (more than ${MAX_LEADS_PER_VISITOR}).`,
      );
    }
    const byAddress = await leadsSharing(db, merchantId, purchase.leadId, "address");
    if (byAddress > MAX_LEADS_PER_ADDRESS) {
      reasons.push(
        `${byAddress} different leads were recorded from the customer's network address (more than ${MAX_LEADS_PER_ADDRESS}).`,
      );
    }
  }
  return reasons;
}

/** The self-referral-by-card sign alone: also asked when a fingerprint arrives after the sale. */
export async function cardReason(
  db: Database,
  merchantId: string,
  purchase: Pick<Purchase, "id" | "paymentFingerprint">,
  affiliate: Pick<Affiliate, "id" | "email">,
): Promise<string | null> {
  const card = purchase.paymentFingerprint;
  if (!card || !(await affiliatePurchaseWithCard(db, merchantId, affiliate, card, purchase.id))) return null;
  const what = card.includes(":") ? "a bank account" : "a card";
  return `Paid with ${what} the affiliate has used (fingerprint …${card.slice(-4)}).`;
}
