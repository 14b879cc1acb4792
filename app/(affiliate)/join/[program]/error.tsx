"use client";

import { ErrorPanel } from "@/components/shared/error-panel";

export default function JoinError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <ErrorPanel title="This page could not be loaded" error={error} reset={reset} />
    </main>
  );
}
