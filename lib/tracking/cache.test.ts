import { describe, expect, it } from "vitest";
import { TtlCache } from "./cache";

describe("TtlCache", () => {
  it("loads once per key while fresh, again after the TTL", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get("a", load)).toBe(1);
    now = 1000;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("stays within its size, evicting the oldest", async () => {
    const cache = new TtlCache<string>(60_000, 3);
    for (const key of ["a", "b", "c", "d"]) await cache.get(key, async () => key);
    expect(cache.size).toBe(3);
    let reloaded = false;
    await cache.get("a", async () => {
      reloaded = true;
      return "a";
    });
    expect(reloaded).toBe(true);
  });

  it("forgets failed loads", async () => {
    const cache = new TtlCache<string>(60_000, 3);
    await expect(cache.get("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => "up")).toBe("up");
  });

  it("caches a miss (null) like any value, until deleted", async () => {
    const cache = new TtlCache<string | null>(60_000, 3);
    expect(await cache.get("code", async () => null)).toBeNull();
    expect(await cache.get("code", async () => "aff_1")).toBeNull();
    cache.delete("code");
    expect(await cache.get("code", async () => "aff_1")).toBe("aff_1");
  });
});
