import type Stripe from "stripe";

/**
 * Stripe facts that can no longer change, kept for the life of the process: a completed Checkout
 * Session (the sessions of a payment intent or a subscription, and one read with its discount
 * breakdown), the paid invoice payments of a payment intent or an invoice, a promotion code's
 * code. Every event of a sale asks for them again (its charge, its session, its invoice, each of
 * its refunds); after the first, the answer comes from here. Anything that can still change (an
 * empty list, an open session, a charge, a customer) is never kept.
 */

const MAX_ENTRIES = 20_000;
const settled = new Map<string, unknown>();

type Reader = (...args: unknown[]) => Promise<unknown>;

const complete = (sessions: Stripe.Checkout.Session[]) =>
  sessions.length > 0 && sessions.every((s) => s.status === "complete");
const paid = (payments: Stripe.InvoicePayment[]) =>
  payments.length > 0 && payments.every((p) => p.status === "paid");

/** Which reads can be kept, judged by their answer. */
const KEEPS: Record<string, (result: unknown) => boolean> = {
  listCheckoutSessions: (r) => complete((r as Stripe.ApiList<Stripe.Checkout.Session>).data),
  retrieveCheckoutSession: (r) => (r as Stripe.Checkout.Session).status === "complete",
  listInvoicePayments: (r) => paid((r as Stripe.ApiList<Stripe.InvoicePayment>).data),
  retrievePromotionCode: () => true,
};

function keep(key: string, value: unknown) {
  if (settled.size >= MAX_ENTRIES) settled.delete(settled.keys().next().value!);
  settled.set(key, value);
}

/** The account view with its settled reads answered from the process's memory. */
export function settledReads<T extends { account: string }>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      const keeps = KEEPS[String(property)];
      if (typeof value !== "function" || !keeps) return value;
      return async (...args: unknown[]) => {
        const key = `${object.account}:${String(property)}:${JSON.stringify(args)}`;
        if (settled.has(key)) return settled.get(key);
        const result = await (value as Reader).apply(object, args);
        if (keeps(result)) keep(key, result);
        return result;
      };
    },
  });
}

/** For tests: forget everything kept. */
export function forgetSettledReads() {
  settled.clear();
}
