"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";

/** A route's error.tsx: says what failed, offers a retry, never shows internals. */
export function PageError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      <Alert tone="error">
        This page could not be loaded. Try again; if it keeps failing, the problem is on our side
        {digest ? ` (reference ${digest})` : ""}.
      </Alert>
      <Button variant="secondary" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}
