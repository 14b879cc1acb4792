import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./index";

/**
 * Two branches can each generate a migration with the same number; this catches the merge
 * before a database does (drizzle applies journal entries in order and skips any whose `when`
 * is older than the last one applied).
 */
const journal = JSON.parse(
  fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
) as {
  entries: { idx: number; tag: string; when: number }[];
};

describe("migration journal", () => {
  it("lists every SQL file once, numbered in order, with increasing timestamps and a snapshot each", () => {
    const files = fs
      .readdirSync(MIGRATIONS_FOLDER)
      .filter((f) => f.endsWith(".sql"))
      .map((f) => f.replace(/\.sql$/, ""))
      .sort();
    expect(journal.entries.map((e) => e.tag)).toEqual(files);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.startsWith(`${String(i).padStart(4, "0")}_`)).toBe(true);
      if (i > 0) expect(entry.when).toBeGreaterThan(journal.entries[i - 1]!.when);
      expect(
        fs.existsSync(path.join(MIGRATIONS_FOLDER, "meta", `${entry.tag.slice(0, 4)}_snapshot.json`)),
      ).toBe(true);
    });
  });
});
