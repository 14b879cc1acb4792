/**
 * Stripe's form encoding: `metadata[key]=v`, `items[0][price]=p`, `expand[]=x`. The SDK sends
 * indexed arrays (`expand[0]`); hand-written clients send `[]`. Both become real arrays here.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type Params = { [key: string]: FormValue };

// A crafted key must not reach Object.prototype through the nested assignment below.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function parseForm(text: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = splitKey(rawKey);
    if (path.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    assign(root, path, value);
  }
  return toArrays(root, null) as Params;
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const nested = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1] ?? key, ...nested];
}

function assign(root: Params, path: string[], value: string): void {
  let node: Params = root;
  path.forEach((segment, index) => {
    // `[]` appends: it takes the next free index among the keys collected so far.
    const key = segment === "" ? String(Object.keys(node).length) : segment;
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Params;
  });
}

/** Objects keyed 0..n-1 become arrays — except metadata, whose keys are the merchant's own. */
function toArrays(value: FormValue, parentKey: string | null): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, toArrays(v, k)] as const);
  const keys = entries.map(([k]) => k);
  const indexed = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (indexed && parentKey !== "metadata") {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

/** Stable text of a parameter set, for idempotency comparisons. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
