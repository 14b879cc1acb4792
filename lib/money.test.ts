import { describe, expect, it } from "vitest";
import { toMajorUnits, toMinorUnits } from "./money";

describe("amounts typed in major units", () => {
  it("become minor units with the currency's own decimals", () => {
    expect(toMinorUnits(12.5, "usd")).toBe(1250);
    expect(toMinorUnits(19.99, "EUR")).toBe(1999);
    expect(toMinorUnits(500, "jpy")).toBe(500);
    expect(toMinorUnits(1.005, "kwd")).toBe(1005);
    expect(toMinorUnits(5, null)).toBe(500);
  });

  it("come back as the same number for the form", () => {
    expect(toMajorUnits(1250, "usd")).toBe(12.5);
    expect(toMajorUnits(500, "jpy")).toBe(500);
    expect(toMajorUnits(1005, "kwd")).toBe(1.005);
  });
});
