import type { Database } from "@/db";
import { listAffiliates } from "@/db/queries/affiliates";
import { getMerchant } from "@/db/queries/merchants";
import { hasSampleData } from "@/db/queries/sample-data";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { type LatestPurchase, latestLead, latestStripePurchase, latestVisit } from "@/db/queries/try-it";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { type DemoSettings, demoSettings } from "./settings";

/**
 * The dashboard's Try it panel (local use, SPEC §11): the demo shop as this merchant's site, and
 * what has just happened there. Refunds and disputes are what Stripe's own world does (the merchant
 * in Stripe's dashboard, the customer's bank): the simulator makes them and delivers their events to
 * the webhook, so they reach Leadtrail exactly as Stripe's would.
 */
export async function tryItState(db: Database, merchantId: string) {
  const settings = enabled();
  const [merchant, connection] = await Promise.all([
    getMerchant(db, merchantId),
    activeConnectionForMerchant(db, merchantId),
  ]);
  if (!merchant) throw notFound("No such merchant");
  const since = connection?.connectedAt ?? new Date();
  const [list, visit, lead, purchase, sampleData] = await Promise.all([
    listAffiliates(db, { merchantId, limit: 20, cursor: null }),
    latestVisit(db, merchantId),
    latestLead(db, merchantId),
    latestStripePurchase(db, merchantId, since),
    hasSampleData(db, merchantId),
  ]);
  const shopUrl = connection ? `${settings.shopUrl}/${merchant.publicKey}/${connection.stripeUserId}/` : null;
  const param = merchant.affiliateParams[0] ?? "afmc";
  return {
    shopUrl,
    links: shopUrl
      ? list.affiliates
          .filter((a) => a.status === "active")
          // Those with a coupon code first: they show both ways a sale is credited.
          .sort((a, b) => Number(b.couponCode !== null) - Number(a.couponCode !== null))
          .map((a) => ({
            code: a.code,
            name: [a.firstName, a.lastName].filter(Boolean).join(" ") || a.email,
            couponCode: a.couponCode,
            url: `${shopUrl}?${param}=${encodeURIComponent(a.code)}`,
          }))
      : [],
    visit,
    lead,
    purchase: purchase && withoutStripeIds(purchase),
    sampleData,
  };
}

export type TryItState = Awaited<ReturnType<typeof tryItState>>;
export type StripeWorldAction = "refund" | "dispute";

/** Refunds or disputes the newest purchase in full; answers once Leadtrail has its events. */
export async function actInStripe(db: Database, merchantId: string, action: StripeWorldAction) {
  const settings = enabled();
  const connection = await activeConnectionForMerchant(db, merchantId);
  if (!connection) throw badRequest("Connect Stripe first (Apps → App Store → Add Stripe).");
  const purchase = await latestStripePurchase(db, merchantId, connection.connectedAt);
  if (!purchase)
    throw badRequest("There is no purchase to act on yet: buy something in the demo shop first.");
  const res = await fetch(`${settings.shopUrl}/control/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${settings.controlToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      account: connection.stripeUserId,
      ...(purchase.stripeChargeId
        ? { charge: purchase.stripeChargeId }
        : { invoice: purchase.stripeInvoiceId }),
    }),
  }).catch(() => null);
  if (!res) throw new AppError(502, "stripe_unreachable", "The simulated Stripe did not answer.");
  const body = (await res.json().catch(() => ({}))) as {
    error?: string;
    deliveries?: { type: string; status: number }[];
  };
  if (!res.ok)
    throw new AppError(res.status === 400 ? 400 : 502, "stripe_refused", body.error ?? "Stripe refused");
  return { purchaseId: purchase.id, events: body.deliveries ?? [] };
}

function withoutStripeIds({ stripeChargeId: _c, stripeInvoiceId: _i, ...rest }: LatestPurchase) {
  return rest;
}

function enabled(): DemoSettings {
  const settings = demoSettings();
  if (!settings) throw notFound("Try it is only available in local use with the Stripe simulator");
  return settings;
}
