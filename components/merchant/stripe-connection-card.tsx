import { connectStripeAction } from "@/app/(merchant)/dashboard/apps/stripe/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { StripeConnection } from "@/db/schema";
import { disconnectReasonLabels } from "@/lib/stripe/disconnect";
import { DisconnectStripeButton } from "./disconnect-stripe-button";
import { ModeBadge } from "./mode-badge";

const utc = (date: Date) => `${date.toLocaleString("en-US", { timeZone: "UTC" })} UTC`;

/** The merchant's Stripe connection: live (with Disconnect) or not (with Connect). */
export function StripeConnectionCard({ latest }: { latest: StripeConnection | null }) {
  const live = latest && !latest.disconnectedAt ? latest : null;
  if (!live) {
    return (
      <Card title="Connection">
        <p className="mb-1 text-sm text-slate-700">
          Status: <strong data-testid="stripe-status">Not connected</strong>
        </p>
        {latest?.disconnectedAt && (
          <p className="mb-1 text-sm text-slate-600">
            Stripe account <code className="font-mono">{latest.stripeUserId}</code> was disconnected on{" "}
            {utc(latest.disconnectedAt)} ({disconnectReasonLabels[latest.disconnectReason ?? ""] ?? "ended"}).
          </p>
        )}
        <p className="mb-4 text-sm text-slate-600">
          Connect your Stripe account and Leadtrail receives every purchase, renewal, refund and cancellation.
        </p>
        <form action={connectStripeAction}>
          <Button type="submit">Connect Stripe</Button>
        </form>
      </Card>
    );
  }
  return (
    <Card title="Connection">
      <dl className="mb-5 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Status</dt>
        <dd>
          <strong data-testid="stripe-status" className="text-emerald-700">
            Connected
          </strong>
        </dd>
        <dt className="text-slate-500">Stripe account</dt>
        <dd>
          <code data-testid="stripe-account" className="font-mono">
            {live.stripeUserId}
          </code>
        </dd>
        <dt className="text-slate-500">Mode</dt>
        <dd>
          <ModeBadge livemode={live.livemode} />
        </dd>
        <dt className="text-slate-500">Access</dt>
        <dd>{live.scope}</dd>
        <dt className="text-slate-500">Connected</dt>
        <dd>{utc(live.connectedAt)}</dd>
      </dl>
      <DisconnectStripeButton account={live.stripeUserId} />
    </Card>
  );
}
