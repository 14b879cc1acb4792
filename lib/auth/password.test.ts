import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { hashLoad, withHashSlot } from "./password";

afterAll(() => {
  delete process.env.PASSWORD_HASH_CONCURRENCY;
  resetEnvCache();
});

describe("password hashing cap", () => {
  it("runs at most PASSWORD_HASH_CONCURRENCY checks at once; the rest wait their turn", async () => {
    process.env.PASSWORD_HASH_CONCURRENCY = "2";
    resetEnvCache();
    let running = 0;
    let peak = 0;
    const work = () =>
      withHashSlot(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return true;
      });
    const all = Promise.all(Array.from({ length: 10 }, work));
    expect(hashLoad()).toEqual({ running: 2, waiting: 8 });
    expect(await all).toHaveLength(10);
    expect(peak).toBe(2);
    expect(hashLoad()).toEqual({ running: 0, waiting: 0 });
  });
});
