import { beforeEach, describe, expect, it } from "vitest";
import { forgetSettledReads, settledReads } from "./settled-reads";

/** A fake account view that counts its calls and answers what the test sets. */
function fakeAccount(account: string, answers: Record<string, unknown>) {
  const calls: string[] = [];
  const read =
    (name: string) =>
    async (..._args: unknown[]) => {
      calls.push(name);
      return answers[name];
    };
  return {
    calls,
    api: {
      account,
      listCheckoutSessions: read("listCheckoutSessions"),
      listInvoicePayments: read("listInvoicePayments"),
      retrieveCharge: read("retrieveCharge"),
      retrievePromotionCode: read("retrievePromotionCode"),
    },
  };
}

beforeEach(() => forgetSettledReads());

describe("settled Stripe reads", () => {
  it("keeps a completed session list and paid invoice payments, per account and arguments", async () => {
    const answers = {
      listCheckoutSessions: { data: [{ id: "cs_1", status: "complete" }] },
      listInvoicePayments: { data: [{ id: "inpay_1", status: "paid" }] },
    };
    const a = fakeAccount("acct_a", answers);
    const api = settledReads(a.api);
    await api.listCheckoutSessions({ payment_intent: "pi_1" });
    await api.listCheckoutSessions({ payment_intent: "pi_1" });
    await api.listInvoicePayments({ payment: { type: "payment_intent", payment_intent: "pi_1" } });
    await api.listInvoicePayments({ payment: { type: "payment_intent", payment_intent: "pi_1" } });
    expect(a.calls).toEqual(["listCheckoutSessions", "listInvoicePayments"]);

    await api.listCheckoutSessions({ payment_intent: "pi_2" });
    const b = fakeAccount("acct_b", answers);
    await settledReads(b.api).listCheckoutSessions({ payment_intent: "pi_1" });
    expect(a.calls).toHaveLength(3);
    expect(b.calls).toEqual(["listCheckoutSessions"]);
  });

  it("never keeps what can still change: an empty list, an open session, a charge", async () => {
    const a = fakeAccount("acct_a", {
      listCheckoutSessions: { data: [{ id: "cs_1", status: "open" }] },
      listInvoicePayments: { data: [] },
      retrieveCharge: { id: "ch_1", amount_refunded: 0 },
    });
    const api = settledReads(a.api);
    for (let i = 0; i < 2; i++) {
      await api.listCheckoutSessions({ payment_intent: "pi_1" });
      await api.listInvoicePayments({ invoice: "in_1", status: "paid" });
      await api.retrieveCharge("ch_1");
    }
    expect(a.calls).toHaveLength(6);
  });
});
