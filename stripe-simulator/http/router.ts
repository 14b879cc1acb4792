/** A small route table: `/v1/customers/:id` patterns, matched segment by segment. */

import type { SimAccount, SimContext } from "../store/state";
import type { Params } from "./form";

export type Method = "GET" | "POST" | "DELETE";

export interface RouteContext {
  sim: SimContext;
  /** The connected account named by Stripe-Account, or the platform. */
  account: SimAccount;
  params: Params;
  path: Record<string, string>;
}

export interface Route {
  method: Method;
  pattern: string;
  /** Accepted top-level parameters (`expand` is always accepted). */
  params: readonly string[];
  handle(ctx: RouteContext): object;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; path: Record<string, string> } | null {
  const segments = pathname.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.pattern.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const path: Record<string, string> = {};
    const ok = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) {
        path[part.slice(1)] = safeDecode(segment);
        return true;
      }
      return part === segment;
    });
    if (ok) return { route, path };
  }
  return null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
