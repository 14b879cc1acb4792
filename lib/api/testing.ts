import type { DbHandle } from "@/db";
import { createPrivateKey } from "@/db/queries/api-keys";
import { createTestMerchant } from "@/lib/tracking/testing";

/**
 * Test support for the REST API: route handlers are called directly with real `Request`s,
 * against a test database installed as the app's database.
 */

// The cache key appDatabase() in db/index.ts keeps the app's database under.
const slot = globalThis as unknown as { leadtrailDb?: Promise<DbHandle> };

/** Makes `getDb()` answer with this database until the returned function is called. */
export function installAppDatabase(handle: DbHandle): () => void {
  const previous = slot.leadtrailDb;
  slot.leadtrailDb = Promise.resolve(handle);
  return () => {
    slot.leadtrailDb = previous;
  };
}

/** A merchant and the private key its developers would use. */
export async function apiMerchant(handle: DbHandle) {
  const merchant = await createTestMerchant(handle.db);
  const { key } = await createPrivateKey(handle.db, merchant.id);
  return { merchantId: merchant.id, key };
}

/** Any route handler; `never` lets handlers with any params type be passed. */
type Handler = (req: Request, context: { params?: Promise<never> }) => Promise<Response>;

export interface ApiCall {
  method?: string;
  path: string;
  key?: string | null;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
export async function callApi<T = any>(handler: Handler, call: ApiCall): Promise<ApiAnswer<T>> {
  const headers = new Headers(call.headers);
  if (call.key) headers.set("authorization", `Bearer ${call.key}`);
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === "string" ? call.body : JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(`http://localhost${call.path}`, { method: call.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(call.params ?? {}) as Promise<never> });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Follows next_cursor to the end; returns every id in the order the pages gave them. */
export async function allPages(handler: Handler, path: string, key: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res: ApiAnswer<{ data: { id: string }[]; next_cursor: string | null }> = await callApi(handler, {
      path: url,
      key,
    });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.data.length > limit) throw new Error(`${url} returned more than ${limit} rows`);
    ids.push(...res.body.data.map((row) => row.id));
    cursor = res.body.next_cursor;
    if (++pages > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { ids, pages };
}
