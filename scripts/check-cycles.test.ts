import { describe, expect, it } from "vitest";
import { cyclePath, findCycles, importSpecifiers } from "./check-cycles";

describe("the import cycle check", () => {
  it("reads static, type-only, re-exported, side-effect and dynamic imports, not commented ones", () => {
    const source = [
      'import { a } from "@/lib/a";',
      'import type {\n  B,\n} from "./b";',
      'export { c } from "../c";',
      'import "@/lib/side";',
      'const d = await import("./d");',
      '// import { e } from "./e";',
      '/* import { f } from "./f"; */',
      'const url = "http://example.com"; import { g } from "./g";',
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual(["../c", "./b", "./d", "./g", "@/lib/a", "@/lib/side"]);
  });

  it("finds a cycle through three files and names its chain, and none in a tree", () => {
    const graph = new Map([
      ["a", ["b", "x"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["x", []],
    ]);
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cyclePath(graph, cycles[0]!)).toEqual(["a", "b", "c"]);
    expect(
      findCycles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
  });
});
