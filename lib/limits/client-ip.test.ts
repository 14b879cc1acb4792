import { describe, expect, it } from "vitest";
import { clientIp, trustedProxies } from "./client-ip";

describe("clientIp", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp("203.0.113.5", "1.2.3.4", null)).toBe("203.0.113.5");
    expect(clientIp("::ffff:203.0.113.5", undefined, null)).toBe("203.0.113.5");
    expect(clientIp("203.0.113.5", "1.2.3.4", trustedProxies("loopback"))).toBe("203.0.113.5");
  });

  it("behind trusted proxies is the first untrusted hop from the right", () => {
    const trusted = trustedProxies("127.0.0.1, 10.0.0.0/8");
    expect(clientIp("127.0.0.1", "198.51.100.7", trusted)).toBe("198.51.100.7");
    // A client-written first hop is ignored: the proxy appended the real address.
    expect(clientIp("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", trusted)).toBe("198.51.100.7");
    expect(clientIp("127.0.0.1", ["6.6.6.6", "198.51.100.7"], trusted)).toBe("198.51.100.7");
    expect(clientIp("127.0.0.1", "garbage", trusted)).toBe("127.0.0.1");
    expect(clientIp("127.0.0.1", undefined, trusted)).toBe("127.0.0.1");
    expect(clientIp("::1", "2001:db8::1", trustedProxies("loopback"))).toBe("2001:db8::1");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address", () => {
    expect(() => trustedProxies("proxy.example")).toThrow(/TRUSTED_PROXIES/);
  });
});
