import { describe, expect, it } from "vitest";
import { referralCode } from "./ingest";

describe("referral code in a page URL", () => {
  it("reads the first of the merchant's parameters that is present", () => {
    expect(referralCode("https://shop.example/?afmc=sam", ["afmc"])).toBe("sam");
    expect(referralCode("https://shop.example/p?utm=1&via=Kim_2", ["afmc", "via"])).toBe("Kim_2");
    expect(referralCode("https://shop.example/?via=kim&afmc=sam", ["afmc", "via"])).toBe("sam");
    expect(referralCode("https://shop.example/?ref=sam", ["afmc"])).toBeNull();
  });

  it("ignores values that cannot be codes", () => {
    expect(referralCode("https://shop.example/?afmc=", ["afmc"])).toBeNull();
    expect(referralCode("https://shop.example/?afmc=<script>", ["afmc"])).toBeNull();
    expect(referralCode(`https://shop.example/?afmc=${"a".repeat(65)}`, ["afmc"])).toBeNull();
    expect(referralCode("not a url", ["afmc"])).toBeNull();
  });
});
