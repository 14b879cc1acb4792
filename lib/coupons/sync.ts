import type Stripe from "stripe";
import type { Database } from "@/db";
import { getAffiliate } from "@/db/queries/affiliates";
import {
  forgetAffiliateCoupon,
  recordPromotionCode,
  setCouponSyncState,
  setSyncingCode,
  storeAffiliateCoupon,
  unlinkPromotionCode,
} from "@/db/queries/coupons";
import { getMerchant } from "@/db/queries/merchants";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import type { Affiliate, Merchant, StripeConnection } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/lib/jobs/errors";
import type { JobDeps } from "@/lib/jobs/types";
import { accountStripe } from "@/lib/stripe/account";
import type { ConnectedStripe } from "@/lib/stripe/connected";
import { isAlreadyExists, isResourceMissing } from "@/lib/stripe/errors";
import { noteKeyFailure } from "@/lib/stripe/key-health";
import { couponCreateParams, discountOf, discountSpec } from "./discount";

/**
 * One affiliate's coupon code made true in the merchant's Stripe account (SPEC §7). Every step
 * can be repeated: a retry, a second job for the same affiliate, or a run cut short by a crash
 * ends the same way, with at most one active promotion code for the code.
 *
 * 1. The promotion code linked before is kept if it is active, has the code (ignoring case, as
 *    Stripe does) and its coupon still exists; otherwise it is deactivated and forgotten.
 * 2. With no code, that is all (status none).
 * 3. The merchant's affiliate coupon is made if missing (once per discount, idempotency key).
 * 4. The promotion code is created. Stripe refuses a code an active promotion code already has,
 *    which is the real guard against duplicates; the idempotency key (affiliate, coupon, code)
 *    makes a retried create return the first one. When the code exists already, it is linked if
 *    it is on our coupon or its metadata names this affiliate (`leadtrail_affiliate_id` or
 *    `affiliate_id`: a code the merchant made by hand for the affiliate); anything else is
 *    reported, never taken over: "Code X already exists in Stripe on coupon Y".
 */
export interface SyncRequest {
  merchantId: string;
  affiliateId: string;
  /** Unique per attempt: idempotency keys for updates, which are safe to repeat anyway. */
  attemptKey: string;
}

export type SyncOutcome =
  | { status: "synced"; promotionCodeId: string; linked: boolean }
  | { status: "none" }
  | { status: "skipped"; reason: string };

export async function syncAffiliateCoupon(
  db: Database,
  request: SyncRequest,
  deps: JobDeps,
): Promise<SyncOutcome> {
  const [affiliate, merchant, connection] = await Promise.all([
    getAffiliate(db, request.merchantId, request.affiliateId),
    getMerchant(db, request.merchantId),
    activeConnectionForMerchant(db, request.merchantId),
  ]);
  if (!affiliate || !merchant) return { status: "skipped", reason: "no such affiliate" };
  if (!connection) {
    throw new PermanentJobError("Stripe is not connected. Connect Stripe in Apps, then re-sync.");
  }
  const api = accountStripe(connection, { platform: deps.stripe, pacer: deps.pacer, job: true });
  const sync = new AffiliateSync(db, api, { affiliate, merchant, connection }, request);
  try {
    return await sync.run();
  } catch (error) {
    // A key connection's key revoked in Stripe: the app page says what to do; retrying will not help.
    if (await noteKeyFailure(db, connection, error)) {
      throw new PermanentJobError("Stripe no longer accepts the connection's API key. See Apps → Stripe.");
    }
    throw error;
  }
}

interface Target {
  affiliate: Affiliate;
  merchant: Merchant;
  connection: StripeConnection;
}

class AffiliateSync {
  constructor(
    private readonly db: Database,
    private readonly api: ConnectedStripe,
    private readonly target: Target,
    private readonly request: SyncRequest,
  ) {}

  async run(): Promise<SyncOutcome> {
    const { affiliate } = this.target;
    const code = affiliate.couponCode;
    if (affiliate.couponSyncingCode) await this.settleInterrupted(affiliate.couponSyncingCode, code);
    if (affiliate.stripePromotionCodeId) {
      const kept = await this.reviewLinked(affiliate.stripePromotionCodeId, code);
      if (kept) return this.record(kept, true);
    }
    if (code === null) {
      await setCouponSyncState(this.db, affiliate.merchantId, affiliate.id, {
        status: "none",
        at: new Date(),
      });
      return { status: "none" };
    }
    const couponId = await this.ensureCoupon();
    await setSyncingCode(this.db, affiliate.merchantId, affiliate.id, code);
    const promo = await this.createOrLink(code, couponId);
    return this.record(promo.promo, promo.linked);
  }

  /**
   * An earlier sync was cut short between creating `syncing` in Stripe and recording it. If that
   * is still the affiliate's code, the create below finds it again (idempotency key, or the code
   * already being ours); if not, the stray promotion code is deactivated here.
   */
  private async settleInterrupted(syncing: string, code: string | null) {
    const { affiliate } = this.target;
    if (code !== null && syncing.toLowerCase() === code.toLowerCase()) return;
    const list = await this.api.listPromotionCodes({ code: syncing, active: true, limit: 10 });
    for (const stray of list.data) {
      const ours = stray.metadata?.leadtrail_affiliate_id === affiliate.id;
      if (stray.active && ours && stray.id !== affiliate.stripePromotionCodeId) {
        await this.api.updatePromotionCode(stray.id, { active: false }, this.key(`off:${stray.id}`));
      }
    }
    await setSyncingCode(this.db, affiliate.merchantId, affiliate.id, null);
  }

  /** Keeps the linked promotion code if it still serves `code`; else deactivates and forgets it. */
  private async reviewLinked(id: string, code: string | null): Promise<Stripe.PromotionCode | null> {
    const { affiliate } = this.target;
    let linked: Stripe.PromotionCode | null = null;
    try {
      linked = await this.api.retrievePromotionCode(id);
    } catch (error) {
      // Gone, or in the account of an earlier connection: nothing to keep or deactivate here.
      if (!isResourceMissing(error)) throw error;
    }
    const sameCode = linked !== null && code !== null && linked.code.toLowerCase() === code.toLowerCase();
    if (linked?.active && sameCode && (await this.couponUsable(couponOf(linked)))) return linked;
    if (linked?.active) {
      await this.api.updatePromotionCode(linked.id, { active: false }, this.key(`off:${linked.id}`));
    }
    await unlinkPromotionCode(this.db, affiliate.merchantId, affiliate.id, id);
    return null;
  }

  /** Our current coupon, or an older one of ours that still exists (codes stay on their coupon). */
  private async couponUsable(couponId: string | null): Promise<boolean> {
    if (!couponId) return false;
    if (couponId === this.target.connection.affiliateCouponId) return true;
    try {
      return (await this.api.retrieveCoupon(couponId)).valid;
    } catch (error) {
      if (isResourceMissing(error)) return false;
      throw error;
    }
  }

  private async ensureCoupon(): Promise<string> {
    const { merchant, connection } = this.target;
    const discount = discountOf(merchant);
    const spec = discountSpec(discount);
    if (connection.affiliateCouponId && connection.affiliateCouponSpec === spec) {
      return connection.affiliateCouponId;
    }
    const generation = connection.affiliateCouponGeneration;
    const key = `leadtrail:coupon:${connection.id}:${generation}:${spec}`;
    // Jobs running side by side in this process share one request (the key makes them one anyway).
    let pending = couponCreations.get(key);
    if (!pending) {
      pending = this.api.createCoupon(couponCreateParams(discount, merchant.id), key).then((c) => c.id);
      couponCreations.set(key, pending);
      pending.then(
        () => setTimeout(() => couponCreations.delete(key), 60_000).unref(),
        () => couponCreations.delete(key),
      );
    }
    const couponId = await pending;
    await storeAffiliateCoupon(this.db, { connectionId: connection.id, couponId, spec, generation });
    return couponId;
  }

  private async createOrLink(
    code: string,
    couponId: string,
  ): Promise<{ promo: Stripe.PromotionCode; linked: boolean }> {
    const { affiliate } = this.target;
    try {
      let promo = await this.api.createPromotionCode(
        {
          promotion: { type: "coupon", coupon: couponId },
          code,
          metadata: { leadtrail_affiliate_id: affiliate.id, leadtrail_merchant_id: affiliate.merchantId },
        },
        `leadtrail:promo:${affiliate.id}:${couponId}:${code}`,
      );
      if (promo.lastResponse?.headers?.["idempotent-replayed"] === "true") {
        // A replay shows the code as it was created; it may have been deactivated since.
        promo = await this.api.retrievePromotionCode(promo.id);
        if (!promo.active) {
          promo = await this.api.updatePromotionCode(promo.id, { active: true }, this.key(`on:${promo.id}`));
        }
      }
      return { promo, linked: false };
    } catch (error) {
      if (isAlreadyExists(error)) return { promo: await this.existing(code, couponId), linked: true };
      if (isResourceMissing(error, "promotion[coupon]")) {
        await forgetAffiliateCoupon(this.db, this.target.connection.id, couponId);
        throw new RetryableJobError(
          `The affiliate coupon ${couponId} is gone from Stripe; making a new one`,
          0,
        );
      }
      throw error;
    }
  }

  /** The active promotion code that already has `code`: ours to link, or someone else's. */
  private async existing(code: string, couponId: string): Promise<Stripe.PromotionCode> {
    const { affiliate } = this.target;
    const list = await this.api.listPromotionCodes({ code, active: true, limit: 10 });
    const found = list.data.find((p) => p.active && p.code.toLowerCase() === code.toLowerCase());
    if (!found) throw new RetryableJobError(`Stripe reported code ${code} as taken but does not list it yet`);
    const metadata = found.metadata ?? {};
    const madeForAffiliate =
      metadata.leadtrail_affiliate_id === affiliate.id || metadata.affiliate_id === affiliate.id;
    const foundCoupon = couponOf(found);
    if (foundCoupon === couponId || madeForAffiliate) return found;
    throw new PermanentJobError(
      `Code ${found.code} already exists in Stripe on coupon ${foundCoupon ?? "?"}`,
    );
  }

  private async record(promo: Stripe.PromotionCode, linked: boolean): Promise<SyncOutcome> {
    const { affiliate } = this.target;
    // The one write that must not be lost: Stripe has the promotion code now. A brief database
    // failure is waited out here; a longer one leaves couponSyncingCode for the next sync.
    for (let attempt = 1; ; attempt++) {
      try {
        await recordPromotionCode(this.db, {
          merchantId: affiliate.merchantId,
          affiliateId: affiliate.id,
          promotionCodeId: promo.id,
          couponId: couponOf(promo),
          code: promo.code,
          at: new Date(),
        });
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
    return { status: "synced", promotionCodeId: promo.id, linked };
  }

  private key(what: string): string {
    return `leadtrail:${this.request.attemptKey}:${what}`;
  }
}

const shared = globalThis as { leadtrailCouponCreations?: Map<string, Promise<string>> };
shared.leadtrailCouponCreations ??= new Map();
const couponCreations = shared.leadtrailCouponCreations;

function couponOf(promo: Stripe.PromotionCode): string | null {
  const coupon = promo.promotion?.coupon;
  if (!coupon) return null;
  return typeof coupon === "string" ? coupon : coupon.id;
}
