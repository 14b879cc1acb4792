import type { Database } from "@/db";
import {
  findVisitorCredit,
  insertLeadIfNew,
  insertScriptPurchase,
  lockLeadByEmail,
  markFirstVisit,
  updateLeadBinding,
} from "@/db/queries/tracking";
import { creditedAffiliate, mergeLeadBinding } from "@/lib/attribution/model";
import type { ClientHashes } from "./client-hash";
import { affiliateIdForCode, type TrackingMerchant } from "./lookups";
import type { LeadInput, PurchaseInput, VisitInput } from "./validation";
import { storeVisit } from "./visit-batch";

const CODE = /^[A-Za-z0-9_-]{1,64}$/;
const NO_CLIENT: ClientHashes = { ipHash: null, uaHash: null };

/**
 * The referral code in a page URL: the first of the merchant's parameters present with a
 * well-formed value. A malformed value is ignored rather than refused: the visit still counts.
 */
export function referralCode(pageUrl: string, params: string[]): string | null {
  let query: URLSearchParams;
  try {
    query = new URL(pageUrl).searchParams;
  } catch {
    return null;
  }
  for (const param of params) {
    const value = query.get(param)?.trim();
    if (value && CODE.test(value)) return value;
  }
  return null;
}

/**
 * One visit: at most two cached lookups, then its row joins the merchant's next batch
 * (./visit-batch.ts) and this resolves once that batch has committed. Plus one write, once per
 * merchant, after the first stored visit. `db` is the database, not a transaction.
 */
export async function recordVisit(
  db: Database,
  merchant: TrackingMerchant,
  input: VisitInput,
  now = new Date(),
  client: ClientHashes = NO_CLIENT,
) {
  const code = referralCode(input.url, merchant.affiliateParams);
  // Codes are looked up in this merchant's program only: another merchant's code credits no one.
  const affiliateId = code ? await affiliateIdForCode(db, merchant.id, code) : null;
  await storeVisit(
    db,
    { merchantId: merchant.id, model: merchant.model, windowDays: merchant.windowDays },
    {
      visitorId: input.tid,
      affiliateId,
      url: input.url,
      referrer: input.referrer || null,
      now,
      ipHash: client.ipHash,
      uaHash: client.uaHash,
    },
  );
  if (!merchant.firstVisitRecorded) {
    merchant.firstVisitRecorded = true;
    await markFirstVisit(db, merchant.id);
  }
}

/**
 * Binds an email to the visitor and the affiliate credited to that visitor. A second lead for
 * the same email merges into the first under the merchant's attribution model. The insert
 * settles two concurrent leads for one email on the unique index; the row lock then orders
 * their merges.
 */
export async function upsertLead(
  db: Database,
  merchant: TrackingMerchant,
  input: { email: string; tid?: string; data?: Record<string, unknown> },
  now = new Date(),
  client: ClientHashes = NO_CLIENT,
) {
  const credit = input.tid ? await findVisitorCredit(db, merchant.id, input.tid) : null;
  const incoming = {
    visitorId: input.tid ?? null,
    affiliateId: creditedAffiliate(credit, now, merchant.windowDays),
  };
  const created = await insertLeadIfNew(db, {
    merchantId: merchant.id,
    email: input.email,
    data: input.data ?? null,
    ...incoming,
    ...client,
  });
  if (created) return { lead: created, created: true };
  const existing = await lockLeadByEmail(db, merchant.id, input.email);
  if (!existing) throw new Error("Lead insert conflicted but no lead has this email");
  const merged = mergeLeadBinding(existing, incoming, merchant.model);
  const lead = await updateLeadBinding(
    db,
    merchant.id,
    existing.id,
    input.data ? { ...merged, data: input.data } : merged,
  );
  return { lead, created: false };
}

export function recordLead(
  db: Database,
  merchant: TrackingMerchant,
  input: LeadInput,
  now = new Date(),
  client: ClientHashes = NO_CLIENT,
) {
  return db.transaction((tx) => upsertLead(tx, merchant, input, now, client));
}

/** A purchase reported by the script: its lead is recorded too, and the purchase stays unverified. */
export function recordPurchase(
  db: Database,
  merchant: TrackingMerchant,
  input: PurchaseInput,
  now = new Date(),
  client: ClientHashes = NO_CLIENT,
) {
  return db.transaction(async (tx) => {
    const { lead } = await upsertLead(tx, merchant, { email: input.email, tid: input.tid }, now, client);
    const purchase = await insertScriptPurchase(tx, {
      merchantId: merchant.id,
      purchaseCode: input.purchase_code,
      email: input.email,
      amount: input.amount,
      currency: input.currency,
      leadId: lead.id,
      affiliateId: lead.affiliateId,
    });
    return { leadId: lead.id, purchaseId: purchase?.id ?? null, created: purchase !== null };
  });
}
