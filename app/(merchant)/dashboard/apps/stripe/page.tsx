import Link from "next/link";
import { CouponSyncSettings } from "@/components/merchant/coupon-sync-settings";
import { Writable } from "@/components/merchant/role-context";
import { StripeConnectionCard } from "@/components/merchant/stripe-connection-card";
import { StripeEventSyncCard } from "@/components/merchant/stripe-event-sync-card";
import { StripeNeedsVerifiedEmail } from "@/components/merchant/stripe-needs-verified-email";
import { StripeSimulatedBanner } from "@/components/merchant/stripe-simulated-banner";
import { SubscriptionTrackingSetting } from "@/components/merchant/subscription-tracking-setting";
import { Alert, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { latestConnectionForMerchant } from "@/db/queries/stripe-connections";
import { skippedEventsSummary } from "@/db/queries/stripe-events";
import { requireMerchant } from "@/lib/auth/session";
import { discountOf } from "@/lib/coupons/discount";
import { couponSyncProgress } from "@/lib/coupons/progress";
import { stripeConfigured } from "@/lib/stripe/client";
import { connectErrorMessage } from "@/lib/stripe/connect-errors";
import { keyConnectErrorMessage, SECRET_KEY_NOTE } from "@/lib/stripe/connect-key";

export const metadata = { title: "Stripe" };

export default async function StripeAppPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { merchantId, emailVerified, email } = await requireMerchant();
  const db = await getDb();
  const [params, latest, merchant, progress, skipped] = await Promise.all([
    searchParams,
    latestConnectionForMerchant(db, merchantId),
    getMerchant(db, merchantId),
    couponSyncProgress(db, merchantId),
    skippedEventsSummary(db, merchantId),
  ]);
  const live = latest && !latest.disconnectedAt ? latest : null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/apps" className="text-brand-600 hover:underline">
          ← Apps
        </Link>
      </p>
      <PageHeader
        title="Stripe"
        description="Purchases, renewals, refunds and cancellations from your Stripe account."
      />
      <StripeSimulatedBanner />
      <div className="max-w-2xl space-y-4">
        {!emailVerified && !live && <StripeNeedsVerifiedEmail email={email} />}
        {!stripeConfigured() && !live && (
          <Alert tone="info">
            This server has no Stripe Connect platform configured: connect your own Stripe account with a
            restricted API key below.
          </Alert>
        )}
        {params.connected === "1" && live && (
          <Alert tone="success">
            <strong>Connected.</strong> Stripe account <code className="font-mono">{live.stripeUserId}</code>{" "}
            is connected to Leadtrail.
          </Alert>
        )}
        {params.note === "secret_key" && live?.kind === "api_key" && (
          <Alert tone="warning">{SECRET_KEY_NOTE}</Alert>
        )}
        {params.key_error !== undefined && (
          <Alert tone="error">
            {keyConnectErrorMessage(
              params.key_error,
              typeof params.missing === "string" ? params.missing.split(",") : [],
            )}
          </Alert>
        )}
        {params.disconnected === "1" && !live && <Alert tone="success">Disconnected from Stripe.</Alert>}
        {params.error !== undefined && <Alert tone="error">{connectErrorMessage(params.error)}</Alert>}
        <Writable>
          <StripeConnectionCard latest={latest} oauth={stripeConfigured()} />
        </Writable>
        {live && <StripeEventSyncCard connection={live} skipped={skipped} />}
        <Writable>
          <SubscriptionTrackingSetting byTransaction={merchant?.trackSubscriptionsByTransaction ?? true} />
        </Writable>
        {merchant && (
          <Writable>
            <CouponSyncSettings
              discount={discountOf(merchant)}
              autoSync={merchant.autoSyncCoupons}
              connected={live !== null}
              progress={progress}
            />
          </Writable>
        )}
      </div>
    </>
  );
}
