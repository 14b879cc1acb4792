import { isServer, QueryClient } from "@tanstack/react-query";

function makeQueryClient() {
  return new QueryClient({
    // Data fetched on the server stays fresh briefly so hydration does not refetch at once.
    defaultOptions: { queries: { staleTime: 30_000, retry: 1 } },
  });
}

let browserClient: QueryClient | undefined;

/** One client per request on the server; one per tab in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
