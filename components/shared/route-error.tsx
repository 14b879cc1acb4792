"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

/**
 * A route's error.tsx: what failed, a retry (Next re-fetches the segment's data), and the
 * digest to quote when reporting it. Never the error's internals.
 */
export function RouteError({
  title,
  error,
  retry,
}: {
  title: string;
  error: Error & { digest?: string };
  retry: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white px-6 py-10 text-center shadow-sm">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">
        Something went wrong on our side. Try again; if it keeps happening, contact support
        {error.digest ? (
          <>
            {" "}
            and quote <code className="rounded bg-slate-100 px-1 font-mono text-xs">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <Button className="mt-5" variant="secondary" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}

/** Next's props for an error.tsx. */
export type RouteErrorProps = { error: Error & { digest?: string }; retry: () => void };
