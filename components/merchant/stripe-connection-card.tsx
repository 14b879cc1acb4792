import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { StripeConnection } from "@/db/schema";
import { connectStripeAction, connectWithApiKeyAction } from "@/lib/actions/stripe/connection";
import { disconnectReasonLabels } from "@/lib/stripe/disconnect";
import { attentionMessages } from "@/lib/stripe/key-health";
import { ConnectWithKeyForm } from "./connect-with-key-form";
import { DisconnectStripeButton } from "./disconnect-stripe-button";
import { ModeBadge } from "./mode-badge";

const utc = (date: Date) => `${date.toLocaleString("en-US", { timeZone: "UTC" })} UTC`;

/**
 * The merchant's Stripe connection: live (with Disconnect) or not (with both ways to connect:
 * Connect OAuth where this server has a Connect platform, and the merchant's own API key).
 */
export function StripeConnectionCard({ latest, oauth }: { latest: StripeConnection | null; oauth: boolean }) {
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
        <div className="flex flex-col gap-6 md:flex-row">
          {oauth && (
            <form action={connectStripeAction} className="md:w-1/3">
              <Button type="submit">Connect Stripe</Button>
            </form>
          )}
          <div className="flex-1">
            <ConnectWithKeyForm action={connectWithApiKeyAction} />
          </div>
        </div>
      </Card>
    );
  }
  const attention = live.attentionReason ? attentionMessages[live.attentionReason] : null;
  return (
    <Card title="Connection">
      {attention && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <strong>Needs attention.</strong> {attention}
        </div>
      )}
      <dl className="mb-5 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Status</dt>
        <dd>
          {attention ? (
            <strong data-testid="stripe-status" className="text-red-700">
              Needs attention
            </strong>
          ) : (
            <strong data-testid="stripe-status" className="text-emerald-700">
              Connected
            </strong>
          )}
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
        <dd>
          {live.kind === "api_key"
            ? `${live.scope === "secret_key" ? "Secret" : "Restricted"} API key, webhook endpoint ${live.webhookEndpointId ?? ""}`
            : live.scope}
        </dd>
        <dt className="text-slate-500">Connected</dt>
        <dd>{utc(live.connectedAt)}</dd>
      </dl>
      <DisconnectStripeButton account={live.stripeUserId} />
    </Card>
  );
}
