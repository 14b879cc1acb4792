import Link from "next/link";
import { AppTile } from "@/components/merchant/app-tile";
import { ConnectWithKeyForm } from "@/components/merchant/connect-with-key-form";
import { Writable } from "@/components/merchant/role-context";
import { StripeNeedsVerifiedEmail } from "@/components/merchant/stripe-needs-verified-email";
import { StripeSimulatedBanner } from "@/components/merchant/stripe-simulated-banner";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { connectStripeAction, connectWithApiKeyAction } from "@/lib/actions/stripe/connection";
import { requireMerchant } from "@/lib/auth/session";
import { stripeConfigured } from "@/lib/stripe/client";

export const metadata = { title: "App Store" };

const comingSoon = [
  { name: "Paddle", mark: "Pa", description: "Track purchases and subscriptions sold through Paddle." },
  { name: "PayPal", mark: "PP", description: "Track PayPal checkouts and subscriptions." },
  { name: "Chargebee", mark: "Cb", description: "Track subscriptions billed by Chargebee." },
];

export default async function AppStorePage() {
  const { merchantId, emailVerified, email } = await requireMerchant();
  const stripe = await activeConnectionForMerchant(await getDb(), merchantId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/apps" className="text-brand-600 hover:underline">
          ← Apps
        </Link>
      </p>
      <PageHeader title="App Store" description="Connect the payment platforms you sell through." />
      <StripeSimulatedBanner />
      {!emailVerified && !stripe && (
        <div className="mb-4 max-w-2xl">
          <StripeNeedsVerifiedEmail email={email} />
        </div>
      )}
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <AppTile
          name="Stripe"
          mark="S"
          description="Purchases, renewals, refunds and cancellations from your Stripe account, attributed to affiliates."
        >
          {stripe ? (
            <Link
              href="/dashboard/apps/stripe"
              className="text-sm font-medium text-brand-600 hover:underline"
            >
              Installed: open Stripe
            </Link>
          ) : (
            <Writable>
              <div className="space-y-4">
                {stripeConfigured() && (
                  <form action={connectStripeAction}>
                    <Button type="submit">Add Stripe</Button>
                  </form>
                )}
                <ConnectWithKeyForm action={connectWithApiKeyAction} />
              </div>
            </Writable>
          )}
        </AppTile>
        {comingSoon.map((app) => (
          <AppTile key={app.name} {...app}>
            <Button variant="secondary" disabled aria-label={`${app.name}: coming soon`}>
              Coming soon
            </Button>
          </AppTile>
        ))}
      </ul>
    </>
  );
}
