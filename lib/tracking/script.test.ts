import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildTrackScript, isFresh, SCRIPT_BUDGET_BYTES, trackScript } from "./script";

describe("track.js", () => {
  it("fits the budget gzipped (SPEC §3: 1,024 bytes)", () => {
    const size = gzipSync(trackScript().body, { level: 9 }).length;
    expect(size).toBeLessThanOrEqual(SCRIPT_BUDGET_BYTES);
    expect(trackScript().gzipped.length).toBe(size);
  });

  it("drops comment lines and indentation, and still parses", () => {
    const built = buildTrackScript("// note\n  const a = 1;\n\n  // more\n  f(a);\n");
    expect(built).toBe("const a = 1;\nf(a);");
    expect(() => new vm.Script(trackScript().body)).not.toThrow();
    const source = fs.readFileSync(path.join(process.cwd(), "lib/tracking/script/track.js"), "utf8");
    expect(trackScript().body.length).toBeLessThan(source.length);
    expect(trackScript().body).not.toMatch(/^\s*\/\//m);
  });

  it("has a stable strong ETag that If-None-Match recognises", () => {
    const { etag } = trackScript();
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(isFresh(etag, etag)).toBe(true);
    expect(isFresh(`"other", W/${etag}`, etag)).toBe(true);
    expect(isFresh("*", etag)).toBe(true);
    expect(isFresh('"other"', etag)).toBe(false);
    expect(isFresh(null, etag)).toBe(false);
  });
});
