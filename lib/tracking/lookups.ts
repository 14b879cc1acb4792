import type { Database } from "@/db";
import { findActiveAffiliateIdByCode } from "@/db/queries/affiliates";
import { trackingMerchantByPublicKey } from "@/db/queries/tracking";
import type { AttributionModel } from "@/lib/attribution/model";
import { TtlCache } from "./cache";
import { compileOrigins, type OriginMatcher } from "./origins";

/** The merchant behind a public key, as the ingestion path uses it. */
export interface TrackingMerchant {
  id: string;
  affiliateParams: string[];
  windowDays: number;
  model: AttributionModel;
  origins: OriginMatcher;
  /** Flips once the first visit is stored, so installation is confirmed with one extra write. */
  firstVisitRecorded: boolean;
}

/**
 * Keys and codes change rarely and every visit needs them, so they are cached for a short while.
 * Changes made in this process invalidate at once; another instance (or the CLI) sees them
 * within the TTL. Kept on globalThis: the custom server and Next's bundles load separate copies
 * of this module and must share one cache.
 */
const TTL_MS = 30_000;
const shared = globalThis as { leadtrailTrackingCaches?: ReturnType<typeof makeCaches> };
shared.leadtrailTrackingCaches ??= makeCaches();
const caches = shared.leadtrailTrackingCaches;

function makeCaches() {
  return {
    merchants: new TtlCache<TrackingMerchant | null>(TTL_MS, 10_000),
    codes: new TtlCache<string | null>(TTL_MS, 100_000),
  };
}

const PUBLIC_KEY = /^lt_pk_[0-9A-Za-z]{24}$/;

export function merchantForKey(db: Database, publicKey: string): Promise<TrackingMerchant | null> {
  // Anything that is not shaped like a key is unknown without asking the database.
  if (!PUBLIC_KEY.test(publicKey)) return Promise.resolve(null);
  return caches.merchants.get(publicKey, async () => {
    const row = await trackingMerchantByPublicKey(db, publicKey);
    if (!row) return null;
    return {
      id: row.id,
      affiliateParams: row.affiliateParams,
      windowDays: row.attributionWindowDays,
      model: row.attributionModel,
      origins: compileOrigins(row.allowedOrigins),
      firstVisitRecorded: row.firstVisitAt !== null,
    };
  });
}

export function affiliateIdForCode(db: Database, merchantId: string, code: string): Promise<string | null> {
  const normalized = code.toLowerCase();
  return caches.codes.get(`${merchantId}\u0000${normalized}`, () =>
    findActiveAffiliateIdByCode(db, merchantId, normalized),
  );
}

/** After a merchant changes tracking settings. */
export function forgetTrackingMerchants(): void {
  caches.merchants.clear();
}

/** After an affiliate is created or its code or status changes. */
export function forgetAffiliateCode(merchantId: string, code: string): void {
  caches.codes.delete(`${merchantId}\u0000${code.toLowerCase()}`);
}
