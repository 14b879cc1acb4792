import { describe, expect, it } from "vitest";
import { referralLink } from "./create";
import { buildReferralLink } from "./links";

describe("buildReferralLink", () => {
  it("matches the referral link for the home page and adds the code to any page of the site", () => {
    expect(buildReferralLink("https://shop.test", "afmc", "ada")).toEqual({
      ok: true,
      url: referralLink("https://shop.test", "afmc", "ada"),
    });
    expect(buildReferralLink("https://shop.test/", "via", "ada", "/pricing?plan=pro#faq")).toEqual({
      ok: true,
      url: "https://shop.test/pricing?plan=pro&via=ada#faq",
    });
    expect(buildReferralLink("https://shop.test", "afmc", "ada", "https://SHOP.test/blog")).toEqual({
      ok: true,
      url: "https://shop.test/blog?afmc=ada",
    });
  });

  it("refuses other sites and other schemes", () => {
    expect(buildReferralLink("https://shop.test", "afmc", "ada", "https://evil.test/")).toEqual({
      ok: false,
      error: "Links must point to shop.test",
    });
    expect(buildReferralLink("https://shop.test", "afmc", "ada", "javascript:alert(1)").ok).toBe(false);
  });
});
