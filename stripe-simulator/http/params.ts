/**
 * Reading form parameters the way Stripe validates them: every value arrives as a string, and a
 * wrong type or an unknown name is a 400 naming the parameter, never a silent default.
 */

import type { Metadata } from "../store/objects";
import type { ListObject } from "../store/objects-payments";
import { invalidRequest, resourceMissing } from "./errors";
import type { FormValue, Params } from "./form";

/** Unknown top-level parameters fail like Stripe's `parameter_unknown`, which catches a misplaced
 * request option such as `{ stripeAccount }` passed as a parameter. */
export function rejectUnknown(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) {
      throw invalidRequest(`Received unknown parameter: ${key}`, key, "parameter_unknown");
    }
  }
}

export function str(params: Params, key: string, name = key): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw invalidRequest(`Invalid string: ${name}`, name, "parameter_invalid_string");
  return value;
}

export function requiredStr(params: Params, key: string, name = key): string {
  const value = str(params, key, name);
  if (value === undefined || value === "") {
    throw invalidRequest(`Missing required param: ${name}.`, name, "parameter_missing");
  }
  return value;
}

export function int(params: Params, key: string, name = key): number | undefined {
  const value = str(params, key, name);
  if (value === undefined || value === "") return undefined;
  if (!/^-?\d+$/.test(value))
    throw invalidRequest(`Invalid integer: ${value}`, name, "parameter_invalid_integer");
  return Number(value);
}

export function decimal(params: Params, key: string, name = key): number | undefined {
  const value = str(params, key, name);
  if (value === undefined || value === "") return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw invalidRequest(`Invalid decimal: ${value}`, name);
  return Number(value);
}

export function bool(params: Params, key: string, name = key): boolean | undefined {
  const value = str(params, key, name);
  if (value === undefined || value === "") return undefined;
  if (value !== "true" && value !== "false") throw invalidRequest(`Invalid boolean: ${value}`, name);
  return value === "true";
}

export function obj(params: Params, key: string, name = key): Params | undefined {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest(`Invalid object: ${name}`, name, "parameter_invalid_object");
  }
  return value;
}

export function arr(params: Params, key: string, name = key): FormValue[] | undefined {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${name}`, name, "parameter_invalid_array");
  return value;
}

/** Array elements that must be hashes (`items[0][price]`). */
export function objList(params: Params, key: string): Params[] | undefined {
  const list = arr(params, key);
  return list?.map((item, i) => {
    if (typeof item !== "object" || Array.isArray(item))
      throw invalidRequest(`Invalid object: ${key}[${i}]`, key);
    return item;
  });
}

export function expandPaths(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== "string") throw invalidRequest("Invalid array: expand", "expand");
    return item;
  });
}

/**
 * Stripe's metadata update rules: `metadata=` clears all keys, `metadata[k]=` removes one key,
 * other keys merge. At most 50 keys, keys up to 40 characters, values up to 500.
 */
export function applyMetadata(current: Metadata, params: Params, key = "metadata"): Metadata {
  const value = params[key];
  if (value === undefined) return current;
  if (value === "") return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest(`Invalid object: ${key}`, key);
  const next: Metadata = { ...current };
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw invalidRequest(`Invalid metadata value for ${k}`, `${key}[${k}]`);
    if (k.length > 40) throw invalidRequest("Metadata keys can have up to 40 characters.", `${key}[${k}]`);
    if (v.length > 500)
      throw invalidRequest("Metadata values can have up to 500 characters.", `${key}[${k}]`);
    if (v === "") delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) throw invalidRequest("Metadata can have up to 50 keys.", key);
  return next;
}

/**
 * Cursor pagination over items already sorted newest first, as Stripe lists them:
 * `limit` 1..100 (default 10), `starting_after` / `ending_before` naming an object id.
 */
export function paginate<T extends { id: string }>(
  items: T[],
  params: Params,
  url: string,
  objectName: string,
): ListObject<T> {
  const limit = int(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest("Invalid limit: must be between 1 and 100.", "limit", "parameter_invalid_integer");
  }
  const after = str(params, "starting_after");
  const before = str(params, "ending_before");
  let start = 0;
  let end = items.length;
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) throw resourceMissing(objectName, after, "starting_after");
    start = index + 1;
  } else if (before) {
    const index = items.findIndex((item) => item.id === before);
    if (index < 0) throw resourceMissing(objectName, before, "ending_before");
    end = index;
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  const hasMore = before ? start > 0 : start + data.length < end;
  return { object: "list", data, has_more: hasMore, url };
}

/** Newest first: maps keep insertion order, and created seconds often tie. */
export function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}
