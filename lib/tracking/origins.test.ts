import { describe, expect, it } from "vitest";
import { compileOrigins, normalizeOrigin } from "./origins";

describe("allowed origins", () => {
  it("an empty list allows every origin, even none", () => {
    const allow = compileOrigins([]);
    expect(allow("https://anything.example")).toBe(true);
    expect(allow(null)).toBe(true);
  });

  it("matches exact origins and subdomain wildcards, nothing else", () => {
    const allow = compileOrigins(["https://shop.example", "https://*.brand.example"]);
    expect(allow("https://shop.example")).toBe(true);
    expect(allow("https://SHOP.example")).toBe(true);
    expect(allow("http://shop.example")).toBe(false);
    expect(allow("https://shop.example:8443")).toBe(false);
    expect(allow("https://evilshop.example")).toBe(false);
    expect(allow("https://eu.brand.example")).toBe(true);
    expect(allow("https://brand.example")).toBe(true);
    expect(allow("https://evilbrand.example")).toBe(false);
    expect(allow("https://brand.example.evil.example")).toBe(false);
    expect(allow(null)).toBe(false);
    expect(allow("null")).toBe(false);
  });

  it("normalises what a merchant types, and refuses what is not an origin", () => {
    expect(normalizeOrigin(" https://Shop.Example/ ")).toBe("https://shop.example");
    expect(normalizeOrigin("http://127.0.0.1:3201")).toBe("http://127.0.0.1:3201");
    expect(normalizeOrigin("https://*.Brand.example")).toBe("https://*.brand.example");
    for (const bad of [
      "shop.example",
      "https://shop.example/path",
      "ftp://x.example",
      "https://u:p@x.example",
      "javascript:alert(1)",
      "https://x.example?q=1",
      "<script>",
    ]) {
      expect(normalizeOrigin(bad)).toBeNull();
    }
  });
});
