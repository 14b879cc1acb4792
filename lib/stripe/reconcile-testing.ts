import { type connectedShop, ledger, trackedVisitor } from "@/lib/sales/sales-testing";
import type { StripeEvent } from "@/stripe-simulator";
import { reconcileConnection } from "./reconcile";
import type { StripeTestbed } from "./testing";

/** Test support for reconciliation: an outage's worth of sales, and a ledger to compare across shops. */

export type Shop = Awaited<ReturnType<typeof connectedShop>>;

export interface Outage {
  events: StripeEvent[];
  /** Stripe object id → a name that is the same in every shop that ran the same sales. */
  labels: Map<string, string>;
}

/**
 * Sales of mixed kinds, built the same way in any shop: one-off payments (tracked and not),
 * subscriptions started through Checkout, renewals, partial refunds and a lost dispute. With the
 * default counts, exactly 100 events. `deliver: false` builds them without sending any.
 */
export async function outageSales(
  bed: StripeTestbed,
  shop: Shop,
  options: { deliver: boolean; oneOffs?: number; subscriptions?: number },
): Promise<Outage> {
  const { account } = shop;
  const deliver = options.deliver;
  const events: StripeEvent[] = [];
  const labels = new Map<string, string>();
  const label = (name: string, ids: Record<string, { id: string } | null | undefined>) => {
    for (const [kind, object] of Object.entries(ids)) if (object) labels.set(object.id, `${name}.${kind}`);
  };
  const check = (result: { deliveries: { status: number; body: string }[] }) => {
    const failed = result.deliveries.filter((d) => d.status !== 200);
    if (failed.length) throw new Error(`deliveries failed: ${JSON.stringify(failed)}`);
  };
  const oneOffs: string[] = [];
  for (let i = 0; i < (options.oneOffs ?? 16); i++) {
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const sale = await bed.sim.events.checkoutPayment({
      account,
      email: `buyer${i}@example.com`,
      amount: 1000 + i * 100,
      ...(i % 3 === 2 ? {} : { clientReferenceId: visitorId }),
      deliver,
    });
    check(sale);
    events.push(...sale.events);
    label(`oneoff${i}`, {
      session: sale.session,
      paymentIntent: sale.paymentIntent,
      charge: sale.charge,
      invoice: sale.invoice,
    });
    oneOffs.push(sale.charge!.id);
  }
  const subscriptions: string[] = [];
  for (let i = 0; i < (options.subscriptions ?? 10); i++) {
    const { visitorId } = await trackedVisitor(bed, shop.merchantId, shop.affiliate.id);
    const sale = await bed.sim.events.subscriptionStarted({
      account,
      email: `subscriber${i}@example.com`,
      amount: 3000 + i * 500,
      interval: "month",
      clientReferenceId: visitorId,
      deliver,
    });
    check(sale);
    events.push(...sale.events);
    label(`sub${i}`, {
      session: sale.session,
      paymentIntent: sale.paymentIntent,
      charge: sale.charge,
      invoice: sale.invoice,
    });
    subscriptions.push(sale.subscription!.id);
  }
  for (const [i, subscription] of subscriptions.slice(0, 3).entries()) {
    const renewal = await bed.sim.events.subscriptionRenewed({ account, subscription, deliver });
    check(renewal);
    events.push(...renewal.events);
    label(`sub${i}.renewal`, {
      invoice: renewal.invoice,
      paymentIntent: renewal.paymentIntent,
      charge: renewal.charge,
    });
  }
  for (const charge of oneOffs.slice(0, 3)) {
    const refund = await bed.sim.events.refund({ account, charge, amount: 300, deliver });
    check(refund);
    events.push(...refund.events);
  }
  if (oneOffs[3]) {
    const dispute = await bed.sim.events.dispute({ account, charge: oneOffs[3], outcome: "lost", deliver });
    check(dispute);
    events.push(...dispute.events);
  }
  return { events, labels };
}

/** The shop's ledger with Stripe ids replaced by their labels, in a stable order. */
export async function labelledLedger(bed: StripeTestbed, shop: Shop, labels: Map<string, string>) {
  const { purchases, commissions } = await ledger(bed, shop.merchantId);
  const name = (id: string | null) => (id ? (labels.get(id) ?? `unknown:${id}`) : null);
  const affiliate = (id: string | null) => (id === shop.affiliate.id ? "affiliate" : id);
  const byJson = <T>(rows: T[]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    purchases: byJson(
      purchases.map((p) => ({ ...p, stripeId: name(p.stripeId), affiliateId: affiliate(p.affiliateId) })),
    ),
    commissions: byJson(
      commissions.map((c) => ({
        purchase: name(c.purchase),
        amount: c.amount,
        status: c.status,
        kind: c.kind,
      })),
    ),
  };
}

/** The reconciliation the CLI runs, on the testbed's client and without pacing. */
export function reconcileShop(bed: StripeTestbed, connectionId: string, options: { since?: Date } = {}) {
  return reconcileConnection(
    bed.db,
    connectionId,
    { stripe: () => bed.stripe, pacer: { acquire: async () => 0 } },
    options,
  );
}
