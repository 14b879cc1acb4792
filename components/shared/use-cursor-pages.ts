"use client";

import { keepPreviousData, type QueryKey, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/fetch-json";

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Newest-first pages from a route handler that answers `{ items, nextCursor }` to `?cursor=`:
 * keeps the cursors seen so far, so "Newer" goes back without refetching from the start.
 */
export function useCursorPages<T>(url: string, key: (cursor: string | null) => QueryKey) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const query = useQuery({
    queryKey: key(cursor),
    queryFn: () => fetchJson<CursorPage<T>>(cursor ? `${url}?cursor=${encodeURIComponent(cursor)}` : url),
    placeholderData: keepPreviousData,
  });
  return {
    query,
    page: cursors.length,
    hasNewer: cursors.length > 1,
    hasOlder: Boolean(query.data?.nextCursor),
    newer: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    older: () => {
      const next = query.data?.nextCursor;
      if (next) setCursors((c) => [...c, next]);
    },
  };
}
