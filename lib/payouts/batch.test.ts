import { describe, expect, it } from "vitest";
import { currencyExponent, majorUnits } from "@/lib/money";
import { planPayoutBatches } from "./batch";
import { payoutCsv } from "./csv";

const c = (id: string, affiliateId: string, amount: number, currency = "usd", livemode = true) => ({
  id,
  affiliateId,
  amount,
  currency,
  livemode,
});

describe("planPayoutBatches", () => {
  it("makes one batch per currency and one line per affiliate, clawbacks netted in", () => {
    const { batches, carriedOver } = planPayoutBatches([
      c("c1", "aff_a", 1000),
      c("c2", "aff_a", 500),
      c("c3", "aff_a", -300),
      c("c4", "aff_b", 700),
      c("c5", "aff_b", 900, "eur"),
    ]);
    expect(carriedOver).toEqual([]);
    expect(batches).toEqual([
      {
        currency: "eur",
        livemode: true,
        amount: 900,
        commissionIds: ["c5"],
        lines: [{ affiliateId: "aff_b", amount: 900, commissionIds: ["c5"] }],
      },
      {
        currency: "usd",
        livemode: true,
        amount: 1900,
        commissionIds: ["c1", "c2", "c3", "c4"],
        lines: [
          { affiliateId: "aff_a", amount: 1200, commissionIds: ["c1", "c2", "c3"] },
          { affiliateId: "aff_b", amount: 700, commissionIds: ["c4"] },
        ],
      },
    ]);
  });

  it("carries over an affiliate whose clawbacks are as large as what they are owed", () => {
    const { batches, carriedOver } = planPayoutBatches([
      c("c1", "aff_a", 1000),
      c("c2", "aff_a", -1000),
      c("c3", "aff_b", 300),
      c("c4", "aff_b", -800),
      c("c5", "aff_c", 1),
      c("c6", "aff_d", -70),
    ]);
    expect(batches.map((b) => [b.amount, b.commissionIds])).toEqual([[1, ["c5"]]]);
    expect(carriedOver).toEqual([
      { affiliateId: "aff_a", currency: "usd", livemode: true, amount: 0, commissionIds: ["c1", "c2"] },
      { affiliateId: "aff_b", currency: "usd", livemode: true, amount: -500, commissionIds: ["c3", "c4"] },
    ]);
  });

  it("never mixes test-mode and live-mode money, nor nets one against the other", () => {
    const { batches, carriedOver } = planPayoutBatches([
      c("c1", "aff_a", 1000, "usd", false),
      c("c2", "aff_a", -400, "usd", true),
      c("c3", "aff_a", 600, "usd", true),
    ]);
    expect(batches.map((b) => [b.livemode, b.amount])).toEqual([
      [true, 200],
      [false, 1000],
    ]);
    expect(carriedOver).toEqual([]);
  });

  it("plans nothing from nothing", () => {
    expect(planPayoutBatches([])).toEqual({ batches: [], carriedOver: [] });
  });
});

describe("money in major units", () => {
  it("uses Stripe's exponents, integer arithmetic only", () => {
    expect(majorUnits(123456, "usd")).toBe("1234.56");
    expect(majorUnits(5, "eur")).toBe("0.05");
    expect(majorUnits(0, "usd")).toBe("0.00");
    expect(majorUnits(-250, "usd")).toBe("-2.50");
    expect(majorUnits(1200, "JPY")).toBe("1200");
    expect(majorUnits(7, "krw")).toBe("7");
    expect(majorUnits(1005, "kwd")).toBe("1.005");
    expect(majorUnits(9_007_199_254_740_991, "usd")).toBe("90071992547409.91");
    expect(currencyExponent("isk")).toBe(2);
    expect(() => majorUnits(1.5, "usd")).toThrow();
  });
});

describe("payoutCsv (PayPal mass payment layout)", () => {
  it("writes email, amount, CURRENCY, unique id, note per line, CRLF, no header", () => {
    const csv = payoutCsv(
      { id: "pay_AbCdEfGhIjKlMnOpQrSt", currency: "usd" },
      [
        { email: "maya@example.com", amount: 123456, commissionCount: 3 },
        { email: "sam@example.com", amount: 5, commissionCount: 1 },
      ],
      "Ada's Shop",
    );
    expect(csv).toBe(
      "maya@example.com,1234.56,USD,pay_AbCdEfGhIjKlMnOpQrSt-1,Affiliate commissions from Ada's Shop (3 commissions)\r\n" +
        "sam@example.com,0.05,USD,pay_AbCdEfGhIjKlMnOpQrSt-2,Affiliate commissions from Ada's Shop (1 commission)\r\n",
    );
    // PayPal's unique id: at most 30 characters.
    expect("pay_AbCdEfGhIjKlMnOpQrSt-9999".length).toBeLessThanOrEqual(30);
  });

  it("quotes what needs quoting, keeps the note on one line, and prints yen without decimals", () => {
    const csv = payoutCsv(
      { id: "pay_x", currency: "jpy" },
      [{ email: "a@example.com", amount: 1200, commissionCount: 2 }],
      'Shop, "the best"\nLtd',
    );
    expect(csv).toBe(
      'a@example.com,1200,JPY,pay_x-1,"Affiliate commissions from Shop, ""the best"" Ltd (2 commissions)"\r\n',
    );
  });

  it("neutralises formula characters in every cell", () => {
    const csv = payoutCsv(
      { id: "pay_x", currency: "usd" },
      [
        { email: '=HYPERLINK("http://evil.example")@x.com', amount: 100, commissionCount: 1 },
        { email: "+1@x.com", amount: 100, commissionCount: 1 },
        { email: "-cmd@x.com", amount: 100, commissionCount: 1 },
        { email: "@sum@x.com", amount: 100, commissionCount: 1 },
        { email: "\tx@x.com", amount: 100, commissionCount: 1 },
        { email: "\rx@x.com", amount: 100, commissionCount: 1 },
      ],
      "=1+1",
    );
    const cells = csv
      .split("\r\n")
      .filter(Boolean)
      .map((row) => row.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    for (const row of cells) {
      for (const cell of row) expect(cell, cell).not.toMatch(/^"?[=+\-@\t\r]/);
    }
    expect(cells[0]![0]).toBe(`"'=HYPERLINK(""http://evil.example"")@x.com"`);
    expect(cells[1]![0]).toBe("'+1@x.com");
    expect(cells[5]![0]).toBe(`"'\rx@x.com"`);
    expect(cells[0]![1]).toBe("1.00");
  });
});
