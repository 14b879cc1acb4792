import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(safeCallbackPath("/dashboard", "/x")).toBe("/dashboard");
    expect(safeCallbackPath("/dashboard/affiliates?status=pending#top", "/x")).toBe(
      "/dashboard/affiliates?status=pending#top",
    );
    expect(safeCallbackPath("/api/stripe/oauth/callback?code=ac_1&state=s", "/x")).toBe(
      "/api/stripe/oauth/callback?code=ac_1&state=s",
    );
  });

  it("refuses anything that could leave the site", () => {
    const escapes = [
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example",
      "///evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%2F/evil.example",
      "/%5Cevil.example",
      "/%252F%252Fevil.example",
      "/%09/evil.example",
      "%2F%2Fevil.example",
      " /evil",
      "evil.example",
      "",
      "/%E0%A4%A",
    ];
    for (const value of escapes) expect(safeCallbackPath(value, "/dashboard"), value).toBe("/dashboard");
    expect(safeCallbackPath(["/a", "/b"], "/dashboard")).toBe("/dashboard");
    expect(safeCallbackPath(undefined, "/portal")).toBe("/portal");
  });
});

describe("sameOriginRedirect", () => {
  const base = "https://app.leadtrail.test";
  it("keeps this origin and sends other origins to the fallback", () => {
    expect(sameOriginRedirect("/dashboard/leads", base, "/dashboard")).toBe(`${base}/dashboard/leads`);
    expect(sameOriginRedirect(`${base}/portal`, base, "/dashboard")).toBe(`${base}/portal`);
    expect(sameOriginRedirect("https://evil.example/x", base, "/dashboard")).toBe(`${base}/dashboard`);
    expect(sameOriginRedirect("/\\evil.example", base, "/dashboard")).toBe(`${base}/dashboard`);
  });
});
