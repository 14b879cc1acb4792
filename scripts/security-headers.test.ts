import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security-headers.mjs";
import nextConfig from "../next.config.mjs";
import { requestListener } from "./server";

let server: http.Server | undefined;
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function serve(appUrl: string) {
  const handle = async (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html" }).end("<p>page</p>");
  };
  server = http.createServer(requestListener({ handle, headers: securityHeaders({ appUrl }) }));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("security headers", () => {
  it("are on pages, the tracking fast path and the webhook fast path", async () => {
    const base = await serve("https://app.leadtrail.test");
    const responses = await Promise.all([
      fetch(`${base}/dashboard`),
      fetch(`${base}/track.js`),
      fetch(`${base}/api/track/visit`, { method: "POST", body: "{}" }),
      fetch(`${base}/api/stripe/webhook`, { method: "POST", body: "x".repeat(2 * 1024 * 1024) }),
    ]);
    for (const res of responses) {
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    }
  });

  it("send HSTS only when the app is served over https", async () => {
    const base = await serve("http://localhost:3000");
    const res = await fetch(`${base}/dashboard`);
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("are declared for every Next route, with eval only in development", async () => {
    type Rule = { source: string; headers: { key: string; value: string }[] };
    const config = (phase: string) => nextConfig(phase).headers!() as Promise<Rule[]>;
    const [rule] = await config("phase-production-server");
    expect(rule!.source).toBe("/:path*");
    const csp = rule!.headers.find((h) => h.key === "content-security-policy")!.value;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const [dev] = await config("phase-development-server");
    expect(dev!.headers.find((h) => h.key === "content-security-policy")!.value).toContain("unsafe-eval");
  });
});
