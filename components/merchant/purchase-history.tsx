import { StripeId } from "@/components/merchant/purchase-sections";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { Explanation } from "@/lib/sales/explain";

/** What happened to a sale after it was made: its adjustments and the Stripe events behind them. */

export function AdjustmentsSection({ explanation: e }: { explanation: Explanation }) {
  return (
    <section aria-labelledby="adjustments-heading" className="space-y-2">
      <h2 id="adjustments-heading" className="text-sm font-semibold text-slate-800">
        Adjustments
      </h2>
      {e.adjustments.length === 0 ? (
        <p className="text-sm text-slate-500">No refunds, disputes or credit notes.</p>
      ) : (
        <Table
          label="Adjustments"
          head={
            <>
              <Th>What</Th>
              <Th>Stripe id</Th>
              <Th className="text-right">Amount</Th>
              <Th>Status</Th>
              <Th>Effect</Th>
              <Th>Caused by</Th>
            </>
          }
        >
          {e.adjustments.map((a) => (
            <tr key={a.id}>
              <Td className="whitespace-nowrap">{a.label}</Td>
              <Td>
                <StripeId id={a.id} />
              </Td>
              <Td className="text-right tabular-nums">{formatMoney(a.amount, e.currency)}</Td>
              <Td>{a.status.replaceAll("_", " ")}</Td>
              <Td>{a.effectText}</Td>
              <Td>
                {a.event ? (
                  <>
                    {a.event.type ?? "event"}
                    <span className="block">
                      <StripeId id={a.event.id} />
                    </span>
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

const OUTCOME: Record<string, string> = { processed: "Processed", ignored: "Ignored", skipped: "Skipped" };

export function EventsSection({
  explanation: e,
  truncated,
}: {
  explanation: Explanation;
  truncated: boolean;
}) {
  return (
    <section aria-labelledby="events-heading" className="space-y-2">
      <h2 id="events-heading" className="text-sm font-semibold text-slate-800">
        Stripe events
      </h2>
      {truncated && (
        <p className="text-xs text-slate-500">The latest {e.events.length} events, oldest first.</p>
      )}
      {e.events.length === 0 ? (
        <p className="text-sm text-slate-500">No Stripe events name this purchase.</p>
      ) : (
        <Table
          label="Stripe events"
          head={
            <>
              <Th>Type</Th>
              <Th>Outcome</Th>
              <Th>Event id</Th>
              <Th>Received</Th>
            </>
          }
        >
          {e.events.map((ev) => (
            <tr key={ev.id}>
              <Td className="font-mono text-xs">{ev.type}</Td>
              <Td>
                {OUTCOME[ev.status] ?? ev.status}
                {ev.note && <span className="block text-xs text-slate-500">{ev.note}</span>}
              </Td>
              <Td>
                <StripeId id={ev.id} />
              </Td>
              <Td className="whitespace-nowrap">{formatDateTime(ev.receivedAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
