import { describe, expect, it } from "vitest";
import { trackingSettingsSchema, trackingSnippet } from "./settings";

const valid = {
  siteUrl: "https://shop.example",
  extraParams: "via, ref",
  attributionWindowDays: "30",
  attributionModel: "last_touch" as const,
  allowedOrigins: "https://shop.example/\nhttps://*.shop.example",
};

describe("tracking settings", () => {
  it("normalises the form into stored settings, afmc always first", () => {
    expect(trackingSettingsSchema.parse(valid)).toEqual({
      siteUrl: "https://shop.example/",
      affiliateParams: ["afmc", "via", "ref"],
      attributionWindowDays: 30,
      attributionModel: "last_touch",
      allowedOrigins: ["https://shop.example", "https://*.shop.example"],
    });
    expect(
      trackingSettingsSchema.parse({ ...valid, siteUrl: "", extraParams: "afmc", allowedOrigins: "" }),
    ).toMatchObject({
      siteUrl: null,
      affiliateParams: ["afmc"],
      allowedOrigins: [],
    });
  });

  it("refuses bad values with a message a merchant can act on", () => {
    const issue = (over: Partial<Record<keyof typeof valid, string>>) => {
      const parsed = trackingSettingsSchema.safeParse({ ...valid, ...over });
      return parsed.success ? null : parsed.error.issues[0]!.message;
    };
    expect(issue({ siteUrl: "javascript:alert(1)" })).toMatch(/http/);
    expect(issue({ extraParams: "via, <script>" })).toMatch(/not a valid parameter name/);
    expect(issue({ attributionWindowDays: "0" })).toMatch(/at least 1 day/);
    expect(issue({ attributionWindowDays: "1.5" })).toMatch(/whole number/);
    expect(issue({ attributionModel: "middle" })).toMatch(/first touch or last touch/);
    expect(issue({ allowedOrigins: "https://shop.example/path" })).toMatch(/is not an origin/);
  });

  it("builds the snippet from APP_URL and the public key", () => {
    expect(trackingSnippet("https://app.leadtrail.example", "lt_pk_abc")).toBe(
      '<script src="https://app.leadtrail.example/track.js" data-key="lt_pk_abc" async></script>',
    );
  });
});
