import { stripeSimulated } from "@/lib/stripe/client";

/** Local use without Stripe credentials: say so plainly on every Stripe page. */
export function StripeSimulatedBanner() {
  if (!stripeSimulated()) return null;
  return (
    <div
      role="note"
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <strong className="font-semibold">Stripe is simulated.</strong> No Stripe credentials are configured, so
      Leadtrail's built-in Stripe simulator stands in for Stripe: nothing here touches a real Stripe account.
    </div>
  );
}
