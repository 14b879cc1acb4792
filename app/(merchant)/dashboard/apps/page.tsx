import Link from "next/link";
import { AppTile } from "@/components/merchant/app-tile";
import { ModeBadge } from "@/components/merchant/mode-badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { activeConnectionForMerchant } from "@/db/queries/stripe-connections";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Apps" };

const storeLink = (
  <Link
    href="/dashboard/apps/store"
    className="inline-flex items-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
  >
    + App Store
  </Link>
);

export default async function AppsPage() {
  const { merchantId } = await requireMerchant();
  const stripe = await activeConnectionForMerchant(await getDb(), merchantId);
  return (
    <>
      <PageHeader
        title="Apps"
        description="Connect the apps your business sells through."
        actions={storeLink}
      />
      {stripe ? (
        <ul aria-label="Installed apps" className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          <AppTile name="Stripe" mark="S" description={`Connected to ${stripe.stripeUserId}.`}>
            <div className="flex items-center justify-between gap-3">
              <span className="flex items-center gap-2 text-sm text-emerald-700">
                Connected <ModeBadge livemode={stripe.livemode} />
              </span>
              <Link
                href="/dashboard/apps/stripe"
                className="text-sm font-medium text-brand-600 hover:underline"
              >
                Open Stripe
              </Link>
            </div>
          </AppTile>
        </ul>
      ) : (
        <EmptyState title="No apps installed yet">
          Add Stripe from the App Store to start receiving purchases.
        </EmptyState>
      )}
    </>
  );
}
