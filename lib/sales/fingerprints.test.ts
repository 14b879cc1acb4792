import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { chargeFingerprint } from "./fingerprints";

/** Charges shaped as Stripe sends them (payment_method_details per method, docs: the Charge object). */
const charge = (details: Record<string, unknown>) =>
  ({ id: "ch_1", object: "charge", payment_method_details: details }) as unknown as Stripe.Charge;

describe("the fingerprint of what paid a charge", () => {
  it("is the card's as Stripe gives it", () => {
    expect(chargeFingerprint(charge({ type: "card", card: { fingerprint: "Xt5EWLLDS7FJjR1c" } }))).toBe(
      "Xt5EWLLDS7FJjR1c",
    );
  });

  it("is a bank account's, named by its debit method, so a card and an account never match", () => {
    expect(
      chargeFingerprint(
        charge({ type: "sepa_debit", sepa_debit: { fingerprint: "Xt5EWLLDS7FJjR1c", last4: "3000" } }),
      ),
    ).toBe("sepa_debit:Xt5EWLLDS7FJjR1c");
    expect(
      chargeFingerprint(
        charge({ type: "us_bank_account", us_bank_account: { fingerprint: "b4nk", last4: "6789" } }),
      ),
    ).toBe("us_bank_account:b4nk");
    expect(chargeFingerprint(charge({ type: "bacs_debit", bacs_debit: { fingerprint: "bacs1" } }))).toBe(
      "bacs_debit:bacs1",
    );
  });

  it("is none for a method without one, an id, or nothing", () => {
    expect(
      chargeFingerprint(charge({ type: "paypal", paypal: { payer_email: "a@example.com" } })),
    ).toBeNull();
    expect(chargeFingerprint(charge({ type: "sepa_debit", sepa_debit: { fingerprint: null } }))).toBeNull();
    expect(chargeFingerprint("ch_1")).toBeNull();
    expect(chargeFingerprint(null)).toBeNull();
  });
});
