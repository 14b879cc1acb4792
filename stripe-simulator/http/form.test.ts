import { describe, expect, it } from "vitest";
import { canonical, parseForm } from "./form";

describe("parseForm", () => {
  it("nests brackets, builds arrays from [] and from indexes, and keeps metadata keys as keys", () => {
    const params = parseForm(
      "metadata[affiliate_id]=aff_1&metadata[0]=zero&expand[]=a&expand[]=b&items[1][price]=p2&items[0][price]=p1&promotion[type]=coupon&code=MAYA+2",
    );
    expect(params).toEqual({
      metadata: { affiliate_id: "aff_1", "0": "zero" },
      expand: ["a", "b"],
      items: [{ price: "p1" }, { price: "p2" }],
      promotion: { type: "coupon" },
      code: "MAYA 2",
    });
    expect(parseForm("expand%5B0%5D=x&metadata%5Bk%5D=")).toEqual({ expand: ["x"], metadata: { k: "" } });
  });

  it("ignores keys that would reach Object.prototype", () => {
    const params = parseForm("__proto__[polluted]=1&a[constructor][prototype][x]=1&ok=1");
    expect(params).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("canonical text ignores key order", () => {
    expect(canonical(parseForm("a=1&b[x]=2&b[y]=3"))).toBe(canonical(parseForm("b[y]=3&b[x]=2&a=1")));
    expect(canonical(parseForm("a=1"))).not.toBe(canonical(parseForm("a=2")));
  });
});
