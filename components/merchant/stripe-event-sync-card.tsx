import { Card } from "@/components/ui/card";
import type { StripeConnection } from "@/db/schema";

const utc = (date: Date) => `${date.toLocaleString("en-US", { timeZone: "UTC" })} UTC`;
const events = (n: number) => `${n} ${n === 1 ? "event" : "events"}`;
const missed = (n: number) => `${n} missed ${n === 1 ? "event" : "events"}`;

export interface SkippedEvents {
  count: number;
  latest: { id: string; type: string; note: string | null; receivedAt: Date } | null;
}

/**
 * How the connection keeps up with Stripe's events: the last catch-up on missed deliveries
 * (SPEC §4) and the test events no configured key could read.
 */
export function StripeEventSyncCard({
  connection,
  skipped,
}: {
  connection: StripeConnection;
  skipped: SkippedEvents;
}) {
  const at = connection.reconciledAt;
  const failed = connection.reconcileFailed ?? 0;
  return (
    <Card title="Stripe events">
      <p className="mb-2 text-sm text-slate-700" data-testid="stripe-reconcile">
        {at ? (
          <>
            Last reconciled {utc(at)}: {missed(connection.reconcileApplied ?? 0)} applied
            {connection.reconcileFound ? ` (of ${connection.reconcileFound} found)` : ""}.
          </>
        ) : (
          "Never reconciled with Stripe's events list yet."
        )}
      </p>
      {at && failed > 0 && (
        <p className="mb-2 text-sm text-red-700" role="alert">
          {events(failed)} could not be applied and will be tried again. First error:{" "}
          <code className="font-mono text-xs">{connection.reconcileError}</code>
        </p>
      )}
      <p className="mb-2 text-sm text-slate-600">
        Leadtrail catches up on deliveries it missed when it starts, when you connect, and on demand (
        <code className="font-mono text-xs">npm run cli -- stripe:reconcile</code>).
      </p>
      {skipped.count > 0 && skipped.latest && (
        <p className="text-sm text-amber-900" data-testid="stripe-skipped-events">
          {events(skipped.count)} skipped. Latest:{" "}
          <code className="font-mono text-xs">{skipped.latest.type}</code> ({skipped.latest.id}) at{" "}
          {utc(skipped.latest.receivedAt)} — {skipped.latest.note}.
        </p>
      )}
    </Card>
  );
}
