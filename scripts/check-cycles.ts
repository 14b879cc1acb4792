/**
 * `npm run lint` (and so CI) fails on any import cycle among the repository's own modules,
 * type-only imports included: a cycle means two modules are one idea, or a generic module
 * knows a domain. Prints each cycle as a chain of files. No dependencies: imports are read
 * with a regular expression (after comments are stripped), `@/` is the repository root.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const SKIP = new Set([
  "node_modules",
  ".next",
  ".data",
  ".git",
  "migrations",
  "test-results",
  "playwright-report",
]);
const CODE = /\.(ts|tsx|mts|mjs)$/;
const EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", "/index.ts", "/index.tsx"];

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith(".next")) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return CODE.test(name) && !name.endsWith(".d.ts") && !name.endsWith(".d.mts") ? [full] : [];
  });
}

/** The module specifiers a file imports or re-exports, statically or with import(). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;"'`]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  if (CODE.test(base) && existsSync(base)) return base;
  const stripped = base.replace(/\.js$/, "");
  for (const ext of EXTENSIONS) if (existsSync(stripped + ext)) return stripped + ext;
  return null;
}

/** Strongly connected components of more than one file (or a file importing itself), via Tarjan. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) cycles.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** One actual chain of imports through a component, from its first file back to it. */
export function cyclePath(graph: Map<string, string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const chain = [node];
        while (chain[0] !== start) chain.unshift(previous.get(chain[0]!)!);
        return chain;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(ROOT)) {
    const targets = importSpecifiers(readFileSync(file, "utf8"))
      .map((s) => resolve(file, s))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

if (process.argv[1] === import.meta.filename) {
  const graph = importGraph();
  const cycles = findCycles(graph);
  const rel = (f: string) => path.relative(ROOT, f);
  for (const component of cycles) {
    const chain = cyclePath(graph, component);
    console.error(`Import cycle: ${[...chain, chain[0]!].map(rel).join(" → ")}`);
  }
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s). Move what both sides need into a third module.`);
    process.exit(1);
  }
  console.log(`No import cycles among ${graph.size} modules.`);
}
