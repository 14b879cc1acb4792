import { describe, expect, it } from "vitest";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { MAX_EVENT_BYTES } from "@/lib/stripe/webhooks/node";
import { readTextLimited } from "./body";

function streamed(parts: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  return new Request("http://localhost/x", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readTextLimited", () => {
  it("reads a body within the limit and stops at one past it", async () => {
    expect(await readTextLimited(streamed(["ab", "cd"]), 4)).toBe("abcd");
    expect(await readTextLimited(streamed(["ab", "cde"]), 4)).toBeNull();
    const declared = new Request("http://localhost/x", {
      method: "POST",
      body: "abcdef",
      headers: { "content-length": "6" },
    });
    expect(await readTextLimited(declared, 4)).toBeNull();
  });
});

describe("the Next webhook route", () => {
  it("answers 413 to a body larger than the fast path accepts, without reading it all", async () => {
    const chunk = "x".repeat(64 * 1024);
    const parts = Array.from({ length: Math.ceil(MAX_EVENT_BYTES / chunk.length) + 1 }, () => chunk);
    const res = await webhookRoute(streamed(parts));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: "Event too large" } });
  });
});
